#!/usr/bin/env python3
"""The interface description is the one source of both sides (issue 17): a change to one opcode or
one field of rtl/pkg/ev2_interface.json changes the SystemVerilog package and the C++ header (and
the docs), `gen_interface.py --check` then reports the committed files stale, a hand edit of a
generated file is caught the same way, and an illegal description is refused."""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
GEN = os.path.join(ROOT, "scripts", "gen_interface.py")
SPEC = os.path.join(ROOT, "rtl", "pkg", "ev2_interface.json")
SV = "rtl/pkg/ev2_if_pkg.sv"
HPP = "sim/interface/ev2_interface.hpp"
DOC = "docs/interface.md"


def gen(*args):
    return subprocess.run([sys.executable, GEN, *args], capture_output=True, text=True)


def read(root, rel):
    with open(os.path.join(root, rel)) as fh:
        return fh.read()


class Mutation(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ev2_iface_")
        with open(SPEC) as fh:
            self.spec = json.load(fh)
        self.base = os.path.join(self.tmp, "base")
        r = gen("--out", self.base)
        self.assertEqual(r.returncode, 0, r.stderr)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def generate(self, spec, name):
        path = os.path.join(self.tmp, name + ".json")
        with open(path, "w") as fh:
            json.dump(spec, fh)
        out = os.path.join(self.tmp, name)
        return path, out, gen("--spec", path, "--out", out)

    def test_opcode_change_reaches_rtl_cxx_and_docs(self):
        spec = copy.deepcopy(self.spec)
        op = next(o for o in spec["opcodes"] if o["name"] == "WAIT")
        self.assertEqual(op["value"], 6)
        op["value"] = 0x16
        path, out, r = self.generate(spec, "opcode")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(read(self.base, SV), r"OpWait = 8'h06;")
        self.assertRegex(read(out, SV), r"OpWait = 8'h16;")
        self.assertIn("Wait = 0x06,", read(self.base, HPP))
        self.assertIn("Wait = 0x16,", read(out, HPP))
        self.assertIn("| 0x16 | WAIT |", read(out, DOC))
        # The committed tree no longer matches this description: --check names both sides.
        r = gen("--check", "--spec", path)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn(SV, r.stderr)
        self.assertIn(HPP, r.stderr)

    def test_field_change_reaches_rtl_and_cxx(self):
        spec = copy.deepcopy(self.spec)
        engine = next(f for f in spec["headers"]["STREAM"] if f["name"] == "engine")
        engine["lsb"] = 49
        path, out, r = self.generate(spec, "field")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("StreamEngineLsb = 48;", read(self.base, SV))
        self.assertIn("StreamEngineLsb = 49;", read(out, SV))
        # The packed struct moves the field too (reserved bits above and below it).
        self.assertRegex(read(out, SV), r"rsvd_55_54;[^\n]*\n\s*logic \[4:0\]\s+engine;\s+// \[53:49\]")
        self.assertIn("kEngine{48, 5}", read(self.base, HPP))
        self.assertIn("kEngine{49, 5}", read(out, HPP))
        r = gen("--check", "--spec", path)
        self.assertEqual(r.returncode, 1)

    def test_config_change_reaches_config_package_and_cxx(self):
        spec = copy.deepcopy(self.spec)
        small = next(c for c in spec["configs"] if c["name"] == "small")
        small["values"]["DrainEngines"] = 3
        path, out, r = self.generate(spec, "config")
        self.assertEqual(r.returncode, 0, r.stderr)
        pkg = "rtl/pkg/config/ev2_config_small_pkg.sv"
        self.assertIn("DrainEngines = 2;", read(self.base, pkg))
        self.assertIn("DrainEngines = 3;", read(out, pkg))
        self.assertIn('{"small", 2, 1, 3, 4, 3, 2, 64}', read(out, HPP))

    def test_hand_edit_of_a_generated_file_is_stale(self):
        for rel in (SV, HPP):
            root = os.path.join(self.tmp, "edited_" + os.path.basename(rel))
            shutil.copytree(self.base, root)
            text = read(root, rel)
            edited = text.replace("0x06", "0x07", 1) if rel == HPP else text.replace("8'h06", "8'h07", 1)
            self.assertNotEqual(edited, text)
            with open(os.path.join(root, rel), "w") as fh:
                fh.write(edited)
            r = gen("--check", "--out", root)
            self.assertEqual(r.returncode, 1)
            self.assertIn(rel, r.stderr)
        self.assertEqual(gen("--check", "--out", self.base).returncode, 0)

    def test_illegal_descriptions_are_refused(self):
        cases = []
        spec = copy.deepcopy(self.spec)
        next(o for o in spec["opcodes"] if o["name"] == "MODE")["value"] = 2
        cases.append((spec, "share the value"))
        spec = copy.deepcopy(self.spec)
        next(f for f in spec["headers"]["DRAIN"] if f["name"] == "m0")["width"] = 9
        cases.append((spec, "overlaps"))
        spec = copy.deepcopy(self.spec)
        next(c for c in spec["configs"] if c["name"] == "v2")["values"]["ClusterGroupRows"] = 300
        cases.append((spec, "ClusterGroupRows must fit the 8-bit CONFIG.rows field"))
        spec = copy.deepcopy(self.spec)
        next(c for c in spec["configs"] if c["name"] == "v2")["values"]["ClusterGroupCols"] = 32
        cases.append((spec, "group-set codes"))
        spec = copy.deepcopy(self.spec)
        spec["target"]["group_set"]["flag"] = 96
        cases.append((spec, "group-set flag must be one bit"))
        spec = copy.deepcopy(self.spec)
        next(c for c in spec["constants"] if c["name"] == "ParamTableDepth")["value"] = 1024
        cases.append((spec, "does not fit the 10-bit CONFIG2.param_table_depth field"))
        for i, (spec, why) in enumerate(cases):
            _, _, r = self.generate(spec, f"bad{i}")
            self.assertEqual(r.returncode, 2, why)
            self.assertIn(why, r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
