package io.jointcs.latency.profiling;

/**
 * PyTorch thread counts as the engine reports them (not as requested).
 *
 * @param intraOp threads one operator may use (torch.get_num_threads)
 * @param interOp threads independent operators may run on (torch.get_num_interop_threads)
 */
public record ThreadSettings(int intraOp, int interOp) {}
