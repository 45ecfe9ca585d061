#include "runtime/layer_program.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <optional>

#include "mapper/blocks.hpp"
#include "mapper/noc_pattern.hpp"
#include "pe/pe_host.hpp"
#include "util/math.hpp"

namespace ev2::runtime {

namespace {

using mapper::ColumnPass;
using mapper::PePass;
using mapper::PsumSrc;

// Target tags and unit codes (generated: docs/interface.md).
uint16_t tag(int group, int unit) { return iface::make_target(group, unit); }
using iface::kUnitDrain;
using iface::kUnitGlb;
using iface::kUnitGlbLinear;
using iface::kUnitIact;
using iface::kUnitPe;
using iface::kUnitRouter;
using iface::kUnitWeight;
constexpr int kPsumBank0 = iface::kIactBanks;  // GLB bank numbering: iact banks, then psum banks

std::vector<uint64_t> to_payload(const mapper::BitVec& bits) {
  std::vector<uint64_t> out;
  const auto& w = bits.words();
  for (size_t i = 0; i < w.size(); i += 2)
    out.push_back(uint64_t{w[i]} | (i + 1 < w.size() ? uint64_t{w[i + 1]} << 32 : 0));
  return out;
}

// Units of a stage's messages in the order they were first asked for, each mapped by `send_as`
// to the unit it is sent as.
template <typename Msg, typename SendAs>
std::vector<int> units_in_order(const std::vector<Msg>& batch, SendAs send_as) {
  std::vector<int> units;
  for (const auto& m : batch)
    if (const int u = send_as(m.unit); std::find(units.begin(), units.end(), u) == units.end()) units.push_back(u);
  return units;
}

// One message of a stage as it is sent: to the group code `code`, which names the groups
// [first, first + count).
template <typename Msg>
struct Addressed {
  int code, first, count;
  const Msg* msg;
};

// The messages of a stage for `unit`, sent to as few group codes as possible (docs/interface.md,
// "Targets"): one to every group (0xff) when all `groups` got exactly one and all are alike, else
// one per aligned set of 2^k groups (largest first) that got exactly one each, all alike, and the
// rest group by group in batch order. A group that got two keeps both, in order.
template <typename Msg, typename Same>
std::vector<Addressed<Msg>> by_group_code(const std::vector<Msg>& batch, int unit, int groups, Same same) {
  std::vector<const Msg*> only(static_cast<size_t>(groups), nullptr);  // the group's one message
  std::vector<int> count(static_cast<size_t>(groups), 0);
  for (const auto& m : batch)
    if (m.unit == unit && ++count[static_cast<size_t>(m.group)] == 1) only[static_cast<size_t>(m.group)] = &m;
  const auto alike = [&](int first, int n) {
    for (int g = first; g < first + n; ++g)
      if (count[static_cast<size_t>(g)] != 1 || !same(*only[static_cast<size_t>(g)], *only[static_cast<size_t>(first)]))
        return false;
    return true;
  };
  std::vector<Addressed<Msg>> out;
  std::vector<bool> sent(static_cast<size_t>(groups), false);
  if (groups > 1 && alike(0, groups)) return {{iface::kBroadcastGroup, 0, groups, only[0]}};
  const int max_log2 = (1 << iface::group_set::kSizeLog2.width) - 1;
  for (int k = max_log2; k >= 1; --k) {
    const int n = 1 << k;
    if (n >= groups) continue;
    for (int index = 0; (index + 1) * n <= groups && index < (1 << iface::group_set::kIndex.width); ++index)
      if (!sent[static_cast<size_t>(index * n)] && alike(index * n, n)) {
        out.push_back({iface::make_group_set(k, index), index * n, n, only[static_cast<size_t>(index * n)]});
        std::fill_n(sent.begin() + index * n, n, true);
      }
  }
  for (const auto& m : batch)
    if (m.unit == unit && !sent[static_cast<size_t>(m.group)]) out.push_back({m.group, m.group, 1, &m});
  return out;
}

// One PE's share of a phase: its pass and the streams it takes.
struct PeJob {
  pe::PeConfig cfg;
  std::vector<uint32_t> weight, iact;
};

struct ColumnJob {
  const ColumnPass* cp = nullptr;
  std::vector<PeJob> pes;  // by PE row
};

// Columns of one group that run together: they share every PE row's iact stream, so lane r (iact
// bank r) multicasts row r's stream to all of them.
struct Phase {
  std::vector<ColumnJob> cols;
};

using Round = std::vector<const Phase*>;  // one phase per group (nullptr: the group idles)

struct Drain {
  int group = 0, col = 0, bank_base = 0, words = 0;
  OutputTile tile;
};

// The output-stage parameter table as slots of 32 channels, least recently used slot replaced.
// The drain takes no parameter writes while it runs (asserted in ev2_drain), so a miss costs a
// WAIT for the drain before the PARAMS; layers with few channel blocks hit every time. A slot holds
// the aligned 32 channels around the block that missed, so the blocks of narrow columns (a
// depthwise layer's 4 channels) hit the slot their neighbour loaded: conv13_dw of MobileNet on v2
// (512 channels in blocks of 4) missed on every drain when a slot held one block.
class ParamTable {
 public:
  ParamTable(int slots, int size) : slots_(static_cast<size_t>(slots)), size_(size) {}

  // A layer with no more channels than the table has entries loads it once, channel m at entry m,
  // before anything drains: at the end of the first phase (`load_pending`), while its PEs compute,
  // not before it (a 256-channel table is 256 cycles of the processor). Otherwise every miss waits
  // for all drain engines: on v2 a depthwise layer's 16 groups drain 16 channel blocks per phase,
  // more than the 8 slots, and missed on nearly every drain.
  void preload_if_fits(int M) {
    if (M > static_cast<int>(slots_.size()) * size_) return;
    direct_ = true;
    preload_channels_ = M;
  }
  void load_pending(const OutputStageParams& p, CommandList& list) {
    if (preload_channels_ == 0) return;
    list.params(0, channels(p, 0, preload_channels_));
    preload_channels_ = 0;
  }

  // The table entry of channel m_begin, loading the channels first if they are not there.
  int base_for(int m_begin, int M0, const OutputStageParams& p, CommandList& list, bool drain_may_run) {
    load_pending(p, list);
    if (direct_) return m_begin;
    const Slot& s = slot_for(m_begin, M0, p, list, drain_may_run);
    return index(s) * size_ + (m_begin - s.first);
  }

 private:
  static std::vector<ChannelParams> channels(const OutputStageParams& p, int m_begin, int count) {
    std::vector<ChannelParams> ch;
    for (int m = m_begin; m < m_begin + count; ++m)
      ch.push_back(ChannelParams{p.bias[static_cast<size_t>(m)], p.mult[static_cast<size_t>(m)],
                                 p.shift[static_cast<size_t>(m)]});
    return ch;
  }

  struct Slot {
    int first = -1, count = 0;  // channels [first, first + count) at the slot's entries
    uint64_t used = 0;
  };

  const Slot& slot_for(int m_begin, int M0, const OutputStageParams& p, CommandList& list, bool drain_may_run) {
    ++clock_;
    for (auto& s : slots_)
      if (s.first >= 0 && s.first <= m_begin && m_begin + M0 <= s.first + s.count) {
        s.used = clock_;
        return s;
      }
    auto victim =
        std::min_element(slots_.begin(), slots_.end(), [](const Slot& a, const Slot& b) { return a.used < b.used; });
    const int channels_in_layer = static_cast<int>(p.bias.size());
    int first = m_begin / size_ * size_;
    if (m_begin + M0 > first + size_) first = m_begin;  // the block straddles two aligned windows
    victim->first = first;
    victim->count = std::min(size_, channels_in_layer - first);
    victim->used = clock_;
    if (drain_may_run) list.wait(WaitDrain);
    list.params(static_cast<uint32_t>(index(*victim) * size_), channels(p, first, victim->count));
    return *victim;
  }

  int index(const Slot& s) const { return static_cast<int>(&s - slots_.data()); }
  std::vector<Slot> slots_;
  int size_;
  uint64_t clock_ = 0;
  bool direct_ = false;
  int preload_channels_ = 0;  // channels of a whole-layer preload not yet in the list
};

// Where iact row streams live in the iact banks. A bank is cut into slots of the layer's longest
// row stream; a row stays in its slot until the slot is reused, so a row that feeds several
// steps (filter rows r = 0..R-1 of consecutive output rows, the same rows for several column
// jobs) is streamed from memory once while it stays resident. A bank has one read side, so the
// distinct rows of a phase must sit in distinct banks; any PE row can listen to any bank's lane
// (iact all-to-all), which is what lets a row stay where it was written.
class IactCache {
 public:
  // Where one PE row of a phase reads its stream: bank, first word, words.
  struct Place {
    int bank = -1, base = 0, words = 0;
  };
  struct Fill {
    int bank = 0, base = 0;
    const std::vector<uint32_t>* words = nullptr;
  };

  IactCache(int groups, int banks, int bank_words, int slot_words)
      : slots_per_bank_(std::max(1, bank_words / std::max(1, slot_words))),
        slot_words_(std::max(1, slot_words)),
        slots_(static_cast<size_t>(groups),
               std::vector<std::vector<Slot>>(static_cast<size_t>(banks),
                                              std::vector<Slot>(static_cast<size_t>(slots_per_bank_)))) {}

  int slots_per_bank() const { return slots_per_bank_; }

  // Places the rows `rows` (one stream per PE row) of group g's phase. Resident rows are read where
  // they are; the others are appended to `fills`, each into a bank no other row of the phase reads,
  // in the least recently used slot that `busy` (the places the running phase reads) leaves free.
  std::vector<Place> place(int g, const std::vector<const std::vector<uint32_t>*>& rows, const std::vector<Place>* busy,
                           std::vector<Fill>& fills) {
    auto& banks = slots_[static_cast<size_t>(g)];
    std::vector<Place> out(rows.size());
    std::vector<uint64_t> bank_row(banks.size(), 0);  // the row id each bank serves this phase (0: none)
    std::vector<uint64_t> ids(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) ids[r] = id_of(*rows[r]);
    for (size_t r = 0; r < rows.size(); ++r)
      for (size_t k = 0; k < banks.size() && out[r].bank < 0; ++k)
        for (size_t s = 0; s < banks[k].size(); ++s)
          if (banks[k][s].id == ids[r] && (bank_row[k] == 0 || bank_row[k] == ids[r])) {
            if (bank_row[k] == 0) ++hits_;
            bank_row[k] = ids[r];
            banks[k][s].used = ++clock_;
            out[r] = Place{static_cast<int>(k), static_cast<int>(s) * slot_words_, static_cast<int>(rows[r]->size())};
            break;
          }
    for (size_t r = 0; r < rows.size(); ++r) {
      if (out[r].bank >= 0) continue;
      if (const auto same = std::find(ids.begin(), ids.begin() + static_cast<long>(r), ids[r]);
          same != ids.begin() + static_cast<long>(r)) {
        out[r] = out[static_cast<size_t>(same - ids.begin())];  // the same row for two PE rows: one lane
        continue;
      }
      int best_k = -1, best_s = -1;
      for (size_t k = 0; k < banks.size(); ++k) {
        if (bank_row[k]) continue;
        for (size_t s = 0; s < banks[k].size(); ++s) {
          if (busy && std::any_of(busy->begin(), busy->end(), [&](const Place& b) {
                return b.bank == static_cast<int>(k) && b.base == static_cast<int>(s) * slot_words_;
              }))
            continue;
          if (best_k < 0 || banks[k][s].used < banks[static_cast<size_t>(best_k)][static_cast<size_t>(best_s)].used) {
            best_k = static_cast<int>(k);
            best_s = static_cast<int>(s);
          }
        }
      }
      if (best_k < 0) throw std::logic_error("iact cache: no free bank for a phase's row");
      auto& slot = banks[static_cast<size_t>(best_k)][static_cast<size_t>(best_s)];
      slot = Slot{ids[r], ++clock_};
      bank_row[static_cast<size_t>(best_k)] = ids[r];
      out[r] = Place{best_k, best_s * slot_words_, static_cast<int>(rows[r]->size())};
      fills.push_back(Fill{best_k, out[r].base, rows[r]});
    }
    return out;
  }

  uint64_t hits() const { return hits_; }

 private:
  struct Slot {
    uint64_t id = 0;  // the row's content id, 0 = empty
    uint64_t used = 0;
  };
  // Rows with the same words are the same row (the zero rows of padding, a row two jobs share).
  uint64_t id_of(const std::vector<uint32_t>& words) { return ids_.try_emplace(words, ids_.size() + 1).first->second; }

  int slots_per_bank_, slot_words_;
  std::vector<std::vector<std::vector<Slot>>> slots_;  // [group][bank][slot]
  std::map<std::vector<uint32_t>, uint64_t> ids_;
  uint64_t clock_ = 0, hits_ = 0;
};

class Compiler {
 public:
  Compiler(const mapper::Schedule& sch, const ActTensor& iacts, const WeightTensor& weights,
           const OutputStageParams& params, const ProgramOptions& opt)
      : sch_(sch),
        map_(sch.map),
        A_(sch.map.array),
        iacts_(iacts),
        weights_(weights),
        params_(params),
        opt_(opt),
        shape_{A_.group_rows, A_.group_cols, A_.pe_rows, A_.pe_cols, A_.iact_banks},
        table_(opt.limits.param_slots, opt.limits.param_slot_size),
        beat_(A_.beat_bytes()),
        list_(beat_),
        engine_queued_(static_cast<size_t>(A_.stream_engines), 0) {}

  LayerProgram run() {
    const LayerShape& l = map_.layer;
    mapper::check_tensors(map_, &iacts_, &weights_);
    if (const std::string why = params_.check(l.M); !why.empty())
      throw ProgramError(fmt::format("layer '{}': output-stage parameters: {}", l.name, why));
    if (A_.iact_banks < A_.pe_rows)
      throw ProgramError(
          fmt::format("layer '{}': the runtime feeds PE row r from iact bank r and needs {} iact banks, "
                      "the array has {}",
                      l.name, A_.pe_rows, A_.iact_banks));
    if (opt_.base_addr % beat_ != 0)
      throw ProgramError(fmt::format("layer '{}': base address 0x{:x} is not aligned to the {}-byte memory beat",
                                     l.name, opt_.base_addr, beat_));
    prog_.layer_name = l.name;
    prog_.array = A_;
    prog_.layer = l;

    // Outputs first (their size is known from the schedule), then the streamed data, then the list;
    // every drain, stream and the list start on a beat of the memory port.
    uint64_t out_bytes = 0;
    for (const auto& g : sch_.groups)
      for (const auto& st : g.steps)
        for (const auto& cp : st.cols)
          if (cp.drained()) out_bytes += round_up(static_cast<uint64_t>(cp.F) * cp.M0, beat_);
    out_cursor_ = opt_.base_addr;
    data_cursor_ = round_up(opt_.base_addr + out_bytes, beat_);
    prog_.stats.output_bytes = out_bytes;
    written_.assign(static_cast<size_t>(l.N) * l.M * l.E() * l.F(), 0);
    stored_.assign(static_cast<size_t>(A_.groups() * A_.pe_rows * A_.pe_cols), {});

    // Psum banks hold two phases' outputs when the layer needs no accumulation across passes and
    // a pass's psums fit half a bank: then drains overlap the next phase's compute.
    double_buffer_ = mapper::psum_double_buffered(map_, opt_.limits.psum_bank_words);
    list_.mode(params_.relu, params_.out_signed);
    table_.preload_if_fits(l.M);
    // The weight rows' header mode before any weight streams: a stream that reached a row still
    // without a route would hold its engine, and a later STREAM on that engine the processor,
    // before the phase's router setting.
    const std::vector<int> no_iacts(static_cast<size_t>(shape_.num_pe()), -1);
    for (int g = 0; g < A_.groups(); ++g) router(g, no_iacts);
    flush();
    // Every step's phases first (the encoded streams), so a phase can prefetch the next one's iacts.
    size_t max_steps = 0;
    for (const auto& g : sch_.groups) max_steps = std::max(max_steps, g.steps.size());
    std::vector<std::vector<std::vector<Phase>>> steps(max_steps);  // [step][group] -> phases
    std::vector<Round> rounds;
    size_t longest_stream = 0;
    for (size_t s = 0; s < max_steps; ++s) {
      steps[s].resize(sch_.groups.size());
      size_t nphases = 0;
      for (size_t g = 0; g < sch_.groups.size(); ++g) {
        if (s >= sch_.groups[g].steps.size()) continue;
        steps[s][g] = plan_step(static_cast<int>(g), sch_.groups[g].steps[s]);
        nphases = std::max(nphases, steps[s][g].size());
        for (const auto& ph : steps[s][g])
          for (const auto& pj : ph.cols.front().pes) longest_stream = std::max(longest_stream, pj.iact.size());
      }
      for (size_t p = 0; p < nphases; ++p) {
        Round r(sch_.groups.size(), nullptr);
        for (size_t g = 0; g < sch_.groups.size(); ++g)
          if (p < steps[s][g].size()) r[g] = &steps[s][g][p];
        rounds.push_back(std::move(r));
      }
    }
    // Iact banks are cut into slots of the longest row (IactCache). With two or more slots per
    // bank the next phase's rows stream in while this phase computes.
    iact_cache_.emplace(A_.groups(), A_.iact_banks, opt_.limits.iact_bank_words, static_cast<int>(longest_stream));
    iact_prefetch_ = iact_cache_->slots_per_bank() >= 2;
    prog_.stats.iact_slots = static_cast<uint64_t>(iact_cache_->slots_per_bank());
    prog_.stats.iact_longest_row = longest_stream;
    for (size_t i = 0; i < rounds.size(); ++i)
      emit_phase(rounds[i], i + 1 < rounds.size() ? &rounds[i + 1] : nullptr, i == 0);
    prog_.stats.iact_row_hits = iact_cache_->hits();
    emit_drains();
    if (!pending_.empty() || drains_issued_) wait(WaitDrain);
    list_.end();

    for (size_t i = 0; i < written_.size(); ++i)
      if (written_[i] != 1)
        throw std::logic_error(fmt::format("layer '{}': output {} written {} times by the program", l.name, i,
                                           static_cast<int>(written_[i])));
    prog_.list = list_;
    prog_.list_addr = round_up(data_cursor_, beat_);
    prog_.image.insert(prog_.image.begin(), {prog_.list_addr, list_.bytes()});
    prog_.memory_bytes = round_up(prog_.list_addr + list_.bytes().size(), beat_) + beat_;
    prog_.stats.list_words = list_.words().size();
    prog_.stats.image_bytes = list_.words().size() * 8 + data_bytes_;
    prog_.stats.commands = count_commands();
    return std::move(prog_);
  }

 private:
  // Encodes every PE pass of one group's step and groups its columns into phases.
  std::vector<Phase> plan_step(int g, const mapper::Step& step) {
    std::vector<Phase> phases;
    std::map<std::vector<std::vector<uint32_t>>, size_t> by_rows;
    for (const auto& cp : step.cols) {
      ColumnJob cj;
      cj.cp = &cp;
      std::vector<std::vector<uint32_t>> rows;
      for (size_t r = 0; r < cp.pes.size(); ++r) {
        const PePass& p = cp.pes[r];
        pe::PeWork work;
        work.cfg = p.cfg;
        const int width = p.cfg.width();
        work.iacts = p.item < 0 ? std::vector<int16_t>(static_cast<size_t>(p.cfg.C0) * width, 0)
                                : mapper::iact_row_values(map_, iacts_, p.n, p.c_begin, p.cfg.C0, p.y, p.x0, width);
        auto& sw = stored_[static_cast<size_t>((g * A_.pe_rows + static_cast<int>(r)) * A_.pe_cols + cp.col)];
        if (p.cfg.load_weights) {
          sw = p.item < 0
                   ? std::vector<int8_t>(static_cast<size_t>(p.cfg.M0) * p.cfg.C0 * p.cfg.S, 0)
                   : mapper::weight_block_values(map_, weights_, cp.gb, cp.mb, map_.items[static_cast<size_t>(p.item)]);
        } else if (sw.size() != static_cast<size_t>(p.cfg.M0) * p.cfg.C0 * p.cfg.S) {
          throw std::logic_error(fmt::format("layer '{}': PE ({}, {}) of group {} reuses weights it does not hold",
                                             map_.layer.name, r, cp.col, g));
        }
        work.weights = sw;
        if (p.cfg.psum_in) work.psum_init.assign(static_cast<size_t>(p.cfg.F) * p.cfg.M0, 0);
        pe::PeStreams st = pe::encode(work);  // fit-checked against the SPads
        if (p.item >= 0 && !cp.discard) {
          prog_.stats.nonzero_macs += pe::reference(work).nonzero_macs;
          prog_.stats.macs += static_cast<uint64_t>(p.cfg.F) * p.cfg.M0 * (map_.packed ? 1 : p.cfg.C0) * p.cfg.S;
        }
        ++prog_.stats.pe_passes;
        // A row is stored behind its length word (docs/glb.md, "Length words"), so one bank
        // configuration fits every group's row whatever its (sparse) length.
        if (static_cast<int>(st.iact.size()) + 1 > opt_.limits.iact_bank_words)
          throw ProgramError(
              fmt::format("layer '{}': an iact row stream of {} words ({}) and its length word exceed the iact bank "
                          "({} words)",
                          map_.layer.name, st.iact.size(), p.cfg.describe(), opt_.limits.iact_bank_words));
        st.iact.insert(st.iact.begin(), static_cast<uint32_t>(st.iact.size()));
        rows.push_back(st.iact);
        cj.pes.push_back(PeJob{p.cfg, std::move(st.weight), std::move(st.iact)});
      }
      const int words = cp.F * cdiv(cp.M0, 2);
      if (bank_base(cp) + words > opt_.limits.psum_bank_words)
        throw ProgramError(fmt::format("layer '{}': column pass psums need psum bank words {}..{}, the bank holds {}",
                                       map_.layer.name, bank_base(cp), bank_base(cp) + words - 1,
                                       opt_.limits.psum_bank_words));
      auto [it, fresh] = by_rows.try_emplace(rows, phases.size());
      if (fresh) phases.emplace_back();
      phases[it->second].cols.push_back(std::move(cj));
    }
    return phases;
  }

  // Psum bank word address of a column pass: row i of the E tile at i * Ft * ceil(M0/2).
  int bank_base(const ColumnPass& cp) const {
    if (map_.chains == 1) return 0;
    const int row = cp.e - (cp.e / map_.Et) * map_.Et;
    return row * map_.Ft * cdiv(map_.M0, 2);
  }

  uint64_t place(const std::vector<uint32_t>& words) {
    if (auto it = placed_.find(words); it != placed_.end()) return it->second;
    const auto bytes = pack_words24(words);
    const uint64_t addr = data_cursor_;
    prog_.image.emplace_back(addr, bytes);
    data_cursor_ = round_up(data_cursor_ + bytes.size(), beat_);
    data_bytes_ += bytes.size();
    placed_.emplace(words, addr);
    return addr;
  }

  // Streams are collected per stage like configuration messages: a port that every group (or every
  // group of an aligned set) gets with the same words is one stream to group 0xff (or the set),
  // read from memory once.
  void stream(int g, int port_unit, const std::vector<uint32_t>* words) {
    if (!words->empty()) stream_batch_.push_back({g, port_unit, words});
  }

  void flush_streams() {
    const auto same_words = [](const StreamMsg& a, const StreamMsg& b) { return *a.words == *b.words; };
    // Bytes the stream engines read: 3 per word, whole beats.
    const auto count_read = [&](int unit, size_t words) {
      const uint64_t bytes = round_up(static_cast<uint64_t>(words) * 3, beat_);
      (unit < kUnitIact ? prog_.stats.weight_bytes_read : prog_.stats.iact_bytes_read) += bytes;
    };
    // An engine delivers one word per cycle, so streams are spread over the engines by words:
    // each goes to the engine with the fewest words queued since the last wait for the engines (a
    // fixed order would give one engine the two outer PE rows or banks, and an iact fill behind a
    // phase's weights would hold the processor until an engine frees). A port is fed once between
    // two such waits (a phase's weight streams, then its iact fills, go to different ports), so
    // no port is ever fed by two engines.
    const auto engine = [&](size_t words) {
      const auto e = std::min_element(engine_queued_.begin(), engine_queued_.end()) - engine_queued_.begin();
      engine_queued_[static_cast<size_t>(e)] += words;
      return static_cast<int>(e);
    };
    for (int unit : units_in_order(stream_batch_, [](int u) { return u; }))
      for (const auto& a : by_group_code(stream_batch_, unit, A_.groups(), same_words)) {
        const auto& w = *a.msg->words;
        list_.stream(engine(w.size()), tag(a.code, unit), place(w), static_cast<uint32_t>(w.size()));
        count_read(unit, w.size());
        if (a.count > 1) ++prog_.stats.stream_broadcasts;
      }
    stream_batch_.clear();
  }

  // Iact lanes as given; every weight row in header mode (docs/noc.md, "Weight block headers"), so
  // the weight part never changes and the iact routes can be set while weights stream.
  void router(int g, const std::vector<int>& iact_lane) {
    mapper::NocNetConfig net(shape_);
    for (int k = 0; k < shape_.iact_lanes; ++k) {
      auto& r = net.router(mapper::NocType::Iact, g, k);
      if (std::count(iact_lane.begin(), iact_lane.end(), k))
        r.dst_mask[mapper::noc_port::kIactLocal] = 1u << mapper::noc_port::kIactLocal;
    }
    for (int row = 0; row < shape_.pe_rows; ++row) {
      net.weight_headed[static_cast<size_t>(g * shape_.pe_rows + row)] = 1;
      net.router(mapper::NocType::Weight, g, row).dst_mask[mapper::noc_port::kWeightLocal] =
          1u << mapper::noc_port::kWeightLocal;
    }
    for (int j = 0; j < shape_.pe_cols; ++j) {
      auto& r = net.router(mapper::NocType::Psum, g, j);
      r.dst_mask[mapper::noc_port::kPsumGlb] = 1u << mapper::noc_port::kPsumPe;
      r.dst_mask[mapper::noc_port::kPsumPe] = 1u << mapper::noc_port::kPsumGlb;
    }
    for (int p = 0; p < shape_.num_pe(); ++p)
      net.iact_pe_lane[static_cast<size_t>(g * shape_.num_pe() + p)] = iact_lane[static_cast<size_t>(p)];
    mapper::validate(net);
    cfg(g, kUnitRouter, to_payload(mapper::encode_group(net, g)));
  }

  // GLB unit index 2b + side (docs/interface.md).
  void glb(int g, int bank, int side, uint64_t linear_word) {
    if (opt_.linear_glb) {
      cfg(g, kUnitGlbLinear + 2 * bank + side, {linear_word});
      return;
    }
    const auto l = iface::GlbLinear::unpack(linear_word);
    iface::GlbCfg c;
    c.base = l.base;
    c.count[0] = l.count;
    c.stride[0] = 1;
    c.start = l.start;
    c.wait_wr = l.wait_wr;
    c.mode = l.mode;
    c.len = l.len;
    const auto w = c.pack();
    cfg(g, kUnitGlb + 2 * bank + side, {w.begin(), w.end()});
  }

  // Configuration messages are collected per stage and flushed: a unit that every group, or every
  // group of an aligned set, gets with the same payload is one message to group 0xff or to the set
  // (by_group_code), the rest go group by group, units in the order they were first asked for (a
  // bank's write side before its read side).
  void cfg(int g, int unit, std::vector<uint64_t> payload) { batch_.push_back({g, unit, std::move(payload)}); }

  // One-word messages (PE and linear GLB configurations) go into CFGLIST commands.
  void emit_config(uint16_t target, const std::vector<uint64_t>& payload) {
    if (payload.size() == 1)
      list_.config_word(target, payload.front());
    else
      list_.config(target, payload);
  }

  void flush() {
    const int G = A_.groups();
    const auto same_payload = [](const Msg& a, const Msg& b) { return a.payload == b.payload; };
    for (int unit : units_in_order(batch_, [](int u) { return u; })) {
      // A router already set this way needs no message (routers are the only cached unit).
      const auto cached = [&](int g, const std::vector<uint64_t>& payload) {
        return unit == kUnitRouter && router_state_[g] == payload;
      };
      for (const auto& a : by_group_code(batch_, unit, G, same_payload)) {
        bool all_cached = true;
        for (int g = a.first; g < a.first + a.count && all_cached; ++g) all_cached = cached(g, a.msg->payload);
        if (all_cached) continue;
        emit_config(tag(a.code, unit), a.msg->payload);
        if (unit == kUnitRouter) {
          for (int g = a.first; g < a.first + a.count; ++g) router_state_[g] = a.msg->payload;
          ++prog_.stats.router_configs;
        }
        if (a.count > 1) ++prog_.stats.broadcasts;
      }
    }
    batch_.clear();
  }

  using RoundPlaces = std::vector<std::vector<IactCache::Place>>;  // [group][PE row]

  // Places a round's iact rows in the banks and streams the ones that are not there yet (bank
  // write sides, then the streams). `busy`: the places the running phase reads, left alone. A
  // wait for the stream engines precedes the fills when `wait_first` (a write side must be idle
  // before it is started again).
  RoundPlaces fill(const Round& round, const RoundPlaces* busy, bool wait_first) {
    const int G = static_cast<int>(round.size());
    RoundPlaces places(static_cast<size_t>(G));
    std::vector<std::vector<IactCache::Fill>> fills(static_cast<size_t>(G));
    bool any = false;
    for (int g = 0; g < G; ++g)
      if (const Phase* ph = round[static_cast<size_t>(g)]) {
        std::vector<const std::vector<uint32_t>*> rows;
        for (const auto& pj : ph->cols.front().pes) rows.push_back(&pj.iact);
        places[static_cast<size_t>(g)] = iact_cache_->place(g, rows, busy ? &(*busy)[static_cast<size_t>(g)] : nullptr,
                                                            fills[static_cast<size_t>(g)]);
        any = any || !fills[static_cast<size_t>(g)].empty();
      }
    if (!any) return places;
    if (wait_first) wait(WaitStreams);
    for (int g = 0; g < G; ++g)
      for (const auto& f : fills[static_cast<size_t>(g)])
        glb(g, f.bank, 0, glb_linear_config(f.base, 1, true, false, false, true));
    flush();
    for (int g = 0; g < G; ++g)
      for (const auto& f : fills[static_cast<size_t>(g)]) {
        stream(g, kUnitIact + f.bank, f.words);
        prog_.stats.iact_words += f.words->size();
      }
    flush_streams();
    return places;
  }

  void emit_phase(const Round& round, const Round* next, bool first) {
    const int G = static_cast<int>(round.size());
    const auto in_phase = [&](int g) -> const Phase* { return round[static_cast<size_t>(g)]; };
    ++prog_.stats.phases;
    // (a) start the passes: each PE waits for its weights, then its iacts.
    for (int g = 0; g < G; ++g)
      if (const Phase* ph = in_phase(g))
        for (const auto& cj : ph->cols)
          for (size_t r = 0; r < cj.pes.size(); ++r)
            cfg(g, kUnitPe + static_cast<int>(r) * A_.pe_cols + cj.cp->col, {pe::config_word(cj.pes[r].cfg)});
    flush();
    // (b) weights: a weight router feeds one PE row, whose all-to-all is in header mode: the row's
    // blocks for every column that loads follow each other on one stream, each behind a header
    // naming its column (docs/noc.md, "Weight block headers"). No router setting or barrier
    // between columns, and none before the iact routes below: the streams run on while the rest
    // of the phase is set up, and a PE takes its block once its pass has started.
    std::vector<std::vector<uint32_t>> row_streams(static_cast<size_t>(G * A_.pe_rows));
    for (int g = 0; g < G; ++g) {
      const Phase* ph = in_phase(g);
      if (!ph) continue;
      for (const auto& cj : ph->cols) {
        if (cj.pes.empty() || !cj.pes[0].cfg.load_weights) continue;
        for (size_t r = 0; r < cj.pes.size(); ++r) {
          const auto& block = cj.pes[r].weight;
          auto& words = row_streams[static_cast<size_t>(g * A_.pe_rows) + r];
          words.push_back(static_cast<uint32_t>(
              iface::WeightHdr{uint64_t{1} << cj.cp->col, static_cast<uint64_t>(block.size())}.pack()));
          words.insert(words.end(), block.begin(), block.end());
          prog_.stats.weight_words += block.size();
          ++prog_.stats.weight_headers;
        }
      }
    }
    for (int g = 0; g < G; ++g)
      for (int r = 0; r < A_.pe_rows; ++r)
        stream(g, kUnitWeight + r, &row_streams[static_cast<size_t>(g * A_.pe_rows + r)]);
    flush_streams();
    // Single-buffered psum banks: the previous phase's outputs leave through the output stage
    // while this phase loads, and must be gone before its psum banks are re-programmed.
    if (!double_buffer_) emit_drains();
    // (c) iact rows into the banks (those not resident yet; prefetched by the previous phase when
    // the banks hold two or more slots), routes (PE row r listens to the lane of the bank holding
    // its row), bank read sides, psum banks.
    if (!iact_prefetch_ || first) places_ = fill(round, nullptr, false);
    // The psum banks (single-buffered), or the half of them this phase writes (double-buffered:
    // the outputs of two phases ago, drained during the last one), are about to be re-used. With
    // several drain engines nothing else orders a drain before the next writes into its bank.
    if (drains_issued_) {
      wait(WaitDrain);
      drains_issued_ = false;
    }
    std::vector<Drain> previous;
    if (double_buffer_) previous.swap(pending_);
    for (int g = 0; g < G; ++g) {
      const Phase* ph = in_phase(g);
      if (!ph) continue;
      const auto& place = places_[static_cast<size_t>(g)];
      std::vector<int> lanes(static_cast<size_t>(shape_.num_pe()), -1);
      for (const auto& cj : ph->cols)
        for (size_t r = 0; r < cj.pes.size(); ++r)
          lanes[r * static_cast<size_t>(A_.pe_cols) + cj.cp->col] = place[r].bank;
      router(g, lanes);
      std::vector<bool> reading(static_cast<size_t>(A_.iact_banks), false);
      for (const auto& pl : place) {
        if (reading[static_cast<size_t>(pl.bank)]) continue;  // one row for several PE rows: one read, multicast
        reading[static_cast<size_t>(pl.bank)] = true;
        glb(g, pl.bank, 1, glb_linear_config(pl.base, 1, true, true, false, true));
        prog_.stats.iact_reads += static_cast<uint64_t>(pl.words - 1);  // the row, not its length word
        ++prog_.stats.iact_row_reads;
      }
      for (const auto& cj : ph->cols) {
        const ColumnPass& cp = *cj.cp;
        const int base = double_buffer_ ? half_ * opt_.limits.psum_bank_words / 2 : bank_base(cp);
        const int words = cp.F * cdiv(cp.M0, 2);
        const int bank = kPsumBank0 + cp.col;
        glb(g, bank, 0, glb_linear_config(base, words, true, false, false));
        if (cp.bank_in) glb(g, bank, 1, glb_linear_config(base, words, true, false, false));
        prog_.stats.psum_bank_words += static_cast<uint64_t>(words);
        if (cp.drained()) {
          Drain d{g, cp.col, base, words, OutputTile{out_cursor_, cp.n, cp.e, cp.f0, cp.F, cp.m_begin, cp.M0}};
          out_cursor_ = round_up(out_cursor_ + static_cast<uint64_t>(cp.F) * cp.M0, beat_);
          mark_written(d.tile);
          pending_.push_back(d);
        }
      }
    }
    flush();
    // Prefetch: once this phase's own rows are in (their write sides idle), the next phase's
    // missing rows go to slots this phase does not read, while it computes. Only the first phase
    // fills its own rows here; every later one's came with the previous phase, whose final WAIT
    // left the write sides idle, so its prefetch need not wait for this phase's weight streams.
    if (iact_prefetch_ && next) places_ = fill(*next, &places_, first);
    // Double-buffered psum banks: this phase computes into one half while the previous phase's
    // outputs drain from the other (a DRAIN holds the processor while every drain engine is busy,
    // so they are issued after everything that starts this phase).
    if (double_buffer_) {
      std::swap(previous, pending_);
      emit_drains();
      pending_.swap(previous);
      half_ ^= 1;
    }
    table_.load_pending(params_, list_);
    wait(WaitArray | WaitStreams);
  }

  void wait(uint8_t mask) {
    list_.wait(mask);
    if (mask & WaitStreams) std::fill(engine_queued_.begin(), engine_queued_.end(), 0);
  }

  // The banks' read sides first, in one stage, so that a column every group drains alike is one
  // message to all of them (a bank holds its first word until its DRAIN picks it up), then the DRAINs.
  void emit_drains() {
    for (const Drain& d : pending_)
      glb(d.group, kPsumBank0 + d.col, 1, glb_linear_config(d.bank_base, d.words, true, false, true));
    flush();
    for (const Drain& d : pending_) {
      const int base = table_.base_for(d.tile.m_begin, d.tile.M0, params_, list_, drains_issued_);
      list_.drain(tag(d.group, kUnitDrain + d.col), d.tile.addr, static_cast<uint32_t>(d.tile.F),
                  static_cast<uint32_t>(d.tile.M0), static_cast<uint32_t>(base));
      prog_.tiles.push_back(d.tile);
      ++prog_.stats.drains;
      prog_.stats.drain_words += static_cast<uint64_t>(d.words);
      drains_issued_ = true;
    }
    pending_.clear();
  }

  void mark_written(const OutputTile& t) {
    const LayerShape& l = map_.layer;
    for (int f = 0; f < t.F; ++f)
      for (int m = 0; m < t.M0; ++m) {
        const int e = map_.canon.fc_flattened ? 0 : t.e;
        ++written_[((static_cast<size_t>(t.n) * l.M + t.m_begin + m) * l.E() + e) * l.F() + t.f0 + f];
      }
  }

  uint64_t count_commands() const {
    uint64_t n = 0;
    const auto& w = list_.words();
    for (size_t i = 0; i < w.size(); i += command_words(w[i])) ++n;
    return n;
  }

  const mapper::Schedule& sch_;
  const mapper::Mapping& map_;
  const mapper::ArrayConfig& A_;
  const ActTensor& iacts_;
  const WeightTensor& weights_;
  const OutputStageParams& params_;
  const ProgramOptions& opt_;
  mapper::NocShape shape_;
  ParamTable table_;
  LayerProgram prog_;
  uint64_t beat_;  // the memory port's beat: streams, drains and the list start on one
  CommandList list_;
  uint64_t out_cursor_ = 0, data_cursor_ = 0, data_bytes_ = 0;
  std::map<std::vector<uint32_t>, uint64_t> placed_;
  std::map<int, std::vector<uint64_t>> router_state_;
  struct Msg {
    int group, unit;
    std::vector<uint64_t> payload;
  };
  struct StreamMsg {
    int group, unit;
    const std::vector<uint32_t>* words;
  };
  std::vector<StreamMsg> stream_batch_;
  std::vector<Msg> batch_;
  std::vector<uint64_t> engine_queued_;      // words given to each stream engine since the last wait for them
  std::vector<std::vector<int8_t>> stored_;  // weight block held by each PE
  std::vector<Drain> pending_;
  bool drains_issued_ = false;
  bool double_buffer_ = false, iact_prefetch_ = false;
  std::optional<IactCache> iact_cache_;
  RoundPlaces places_;  // where the current phase's (after a prefetch: the next phase's) rows are
  int half_ = 0;
  std::vector<uint8_t> written_;
};

}  // namespace

uint64_t glb_linear_config(int base, int count, bool start, bool wait_wr, bool mode, bool len) {
  namespace f = iface::glb_linear;
  if (count < 1 || !f::kCount.fits(static_cast<uint64_t>(count)))
    throw ProgramError(fmt::format("GLB sequence of {} words: the AGU counts 1..{}", count, f::kCount.max()));
  // One loop of `count` words with stride 1 (the base is cut to its field, as before).
  return iface::GlbLinear{.base = static_cast<uint64_t>(base),
                          .count = static_cast<uint64_t>(count),
                          .start = start,
                          .wait_wr = wait_wr,
                          .mode = mode,
                          .len = len}
      .pack();
}

ActTensor LayerProgram::gather(const std::function<std::vector<uint8_t>(uint64_t, size_t)>& read,
                               bool out_signed) const {
  ActTensor out(layer.N, layer.M, layer.E(), layer.F());
  const bool fc = layer.kind == LayerKind::FC;
  for (const auto& t : tiles) {
    const auto bytes = read(t.addr, static_cast<size_t>(t.F) * t.M0);
    for (int f = 0; f < t.F; ++f)
      for (int m = 0; m < t.M0; ++m) {
        const uint8_t b = bytes[static_cast<size_t>(f) * t.M0 + m];
        out.at(t.n, t.m_begin + m, fc ? 0 : t.e, t.f0 + f) =
            out_signed ? static_cast<int16_t>(static_cast<int8_t>(b)) : b;
      }
  }
  return out;
}

LayerProgram compile_layer(const mapper::Schedule& sch, const ActTensor& iacts, const WeightTensor& weights,
                           const OutputStageParams& params, const ProgramOptions& opt) {
  return Compiler(sch, iacts, weights, params, opt).run();
}

}  // namespace ev2::runtime
