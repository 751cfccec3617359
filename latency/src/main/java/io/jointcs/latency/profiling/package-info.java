/**
 * Latency profiling on the machine the code runs on: the measurements the latency predictors are trained and
 * validated on.
 *
 * <ul>
 *   <li>{@link io.jointcs.latency.profiling.Profiler} times single layers (a one-layer network built by the same
 *       interpreter as whole networks), and for whole models every layer in place plus the whole model, every
 *       block and the head and tail of every cut point. DJL, PyTorch engine, CPU; timing by
 *       {@link io.jointcs.timing.LatencyTimer} (warm-up, repetition until the median settles, MAD outlier
 *       rejection, spread kept with every median); the JVM is warmed up once before the first measurement.</li>
 *   <li>{@link io.jointcs.latency.profiling.DeviceClassConfig}: a device class is a real configuration (intra-op
 *       and inter-op threads, batch size); presets {@code cpu-1t}, {@code cpu-2t}, {@code cpu-1t-b8}. Threads are
 *       fixed before the engine starts and read back from it; every record carries a
 *       {@link io.jointcs.latency.profiling.DeviceDescriptor} (CPU model, CPUs, affinity, threads used, OS, arch,
 *       engine and version, batch size, {@code emulated} = false with a note). Nothing is emulated here.</li>
 *   <li>Core pinning is done from outside, so the same code runs pinned or not and records which:
 *       {@code taskset -c 0 ./jointcs profile --device-class cpu-1t-pin0 --out pin0.jsonl}. The affinity lands in
 *       {@code device.cpusAllowed} and {@code device.pinned}; give a pinned run its own device class name.</li>
 *   <li>{@link io.jointcs.latency.profiling.LayerConfigSampler}: the layer shapes pruning can reach in the
 *       supported architectures, stratified under a budget, plus random shapes around them (nn-Meter-style);
 *       {@link io.jointcs.latency.profiling.PrunedModelSampler}: random pruned models for whole-model
 *       validation.</li>
 *   <li>{@link io.jointcs.latency.profiling.ProfileJsonl}: JSON Lines, one record per line; a layer line's
 *       {@code sample} is exactly a {@code LayerLatencySample} line, range lines become
 *       {@code ModelLatencyObservation}s.</li>
 * </ul>
 *
 * <p>On a real Arm device (linux-aarch64) the same command runs unchanged: {@code mvn -Paarch64} picks the Arm
 * natives, and the descriptor records the board from /proc/cpuinfo.
 */
package io.jointcs.latency.profiling;
