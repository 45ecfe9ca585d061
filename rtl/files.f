# RTL blocks in compile order. Each block folder lists its own files, in order, in files.f
# (relative to that folder). The configuration package (pkg/config/ev2_config_<name>_pkg.sv) is
# added by the build in front of everything.
pkg
common
pe
noc
glb
cluster
ctrl
top
