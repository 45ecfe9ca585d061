# Control: command processor, memory arbiter, DMA, stream and drain engines, output stage
# (docs/accelerator.md, docs/layer_command.md). Paths relative to rtl/ctrl.
ev2_dma_rd.sv
ev2_dma_wr.sv
ev2_mem_arb.sv
ev2_output_stage.sv
ev2_drain.sv
ev2_drain_engine.sv
ev2_stream_engine.sv
ev2_cmdproc.sv
