package io.jointcs.latency.profiling;

import io.jointcs.timing.LatencyTimer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times work on a machine other processes use too. Contention only ever adds time, and the kernel says which runs it
 * added time to: a run during which the timing thread waited on a run queue ({@link RunQueueClock}) was preempted and
 * is left out. The latency is the median of the clean runs (outliers beyond 3 scaled MADs rejected), measured in
 * rounds until that median moves less than the stability threshold between rounds. When too few runs are clean (a
 * CPU shared all the time: runs longer than the scheduler's time slice are then nearly always preempted), it is the
 * median of the runs' times minus their run-queue waits, and the measurement is marked unstable; without schedstat,
 * the median of all runs. The preempted share is reported either way.
 *
 * <p>The clock sees the calling thread only: with one intra-op thread PyTorch computes there; with more, preemption
 * of its worker threads is not seen and only the median's robustness remains.
 */
public final class CleanRunTimer {
  private static final ThreadLocal<RunQueueClock> CLOCK = ThreadLocal.withInitial(RunQueueClock::forCurrentThread);

  private final int warmupRuns;
  private final int roundSize;
  private final int maxRuns;
  private final double stableRelativeChange;
  private final int minCleanRuns;
  private final int interleavedRounds;
  private final int runsPerVisit;

  /**
   * @param warmupRuns untimed runs first
   * @param roundSize timed runs between stability checks
   * @param maxRuns timed runs after which it stops if enough runs were clean
   * @param stableRelativeChange stop when the clean median moved less than this share between rounds
   * @param minCleanRuns clean runs needed for the clean median
   */
  public CleanRunTimer(int warmupRuns, int roundSize, int maxRuns, double stableRelativeChange, int minCleanRuns) {
    if (warmupRuns < 0 || roundSize < 3 || maxRuns < roundSize || !(stableRelativeChange > 0) || minCleanRuns < 3
        || minCleanRuns > maxRuns) {
      throw new IllegalArgumentException("bad timer settings: warm-up " + warmupRuns + ", round " + roundSize
          + ", max " + maxRuns + ", stability " + stableRelativeChange + ", clean runs " + minCleanRuns);
    }
    this.warmupRuns = warmupRuns;
    this.roundSize = roundSize;
    this.maxRuns = maxRuns;
    this.stableRelativeChange = stableRelativeChange;
    this.minCleanRuns = minCleanRuns;
    this.interleavedRounds = 0;
    this.runsPerVisit = 0;
  }

  private CleanRunTimer(CleanRunTimer t, int rounds, int runsPerVisit) {
    this.warmupRuns = t.warmupRuns;
    this.roundSize = t.roundSize;
    this.maxRuns = t.maxRuns;
    this.stableRelativeChange = t.stableRelativeChange;
    this.minCleanRuns = t.minCleanRuns;
    this.interleavedRounds = rounds;
    this.runsPerVisit = runsPerVisit;
  }

  /**
   * The same timer measuring groups of work interleaved ({@link #measureInterleaved}): {@code rounds} visits to each
   * piece of work in a shuffled order, each visit one untimed run then {@code runsPerVisit} timed ones. Every
   * piece then sees the same mixture of quiet and busy moments of a shared machine, so their ratios (a model against
   * the sum of its layers) stay right even where their absolute values drift.
   */
  public CleanRunTimer interleaved(int rounds, int runsPerVisit) {
    if (rounds < 2 || runsPerVisit < 1 || rounds * runsPerVisit < minCleanRuns) {
      throw new IllegalArgumentException("interleaving needs >= 2 rounds of >= 1 run and at least " + minCleanRuns
          + " timed runs per piece, got " + rounds + " x " + runsPerVisit);
    }
    return new CleanRunTimer(this, rounds, runsPerVisit);
  }

  /** Rounds of an interleaved measurement (0: not interleaved). */
  public int interleavedRounds() {
    return interleavedRounds;
  }

  /** Whether groups of work are measured interleaved. */
  public boolean isInterleaved() {
    return interleavedRounds > 0;
  }

  /**
   * Measures every piece of work in interleaved rounds (see {@link #interleaved}); sequentially, one after the
   * other, when this timer is not interleaved. Results in the order given.
   *
   * @param afterRound called after each round with the number of rounds done (null: nothing)
   */
  public List<Result> measureInterleaved(List<? extends LatencyTimer.Work> works, long seed,
      java.util.function.IntConsumer afterRound) {
    if (!isInterleaved()) {
      List<Result> out = new ArrayList<>();
      for (LatencyTimer.Work w : works) {
        out.add(measure(w));
      }
      return out;
    }
    RunQueueClock clock = CLOCK.get();
    boolean visible = clock.available();
    int n = works.size();
    List<List<Double>> all = new ArrayList<>();
    List<List<Double>> clean = new ArrayList<>();
    List<List<Double>> corrected = new ArrayList<>();
    long[] waitNs = new long[n];
    long[] wallNs = new long[n];
    for (int i = 0; i < n; i++) {
      all.add(new ArrayList<>());
      clean.add(new ArrayList<>());
      corrected.add(new ArrayList<>());
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    java.util.Random random = new java.util.Random(seed);
    try {
      for (int i = 0; i < n; i++) {
        for (int w = 0; w < warmupRuns; w++) {
          works.get(i).run();
        }
      }
      for (int round = 0; round < interleavedRounds; round++) {
        java.util.Collections.shuffle(order, random);
        for (int i : order) {
          LatencyTimer.Work work = works.get(i);
          work.run(); // untimed: the piece's own data back in the caches, as in a sequential measurement
          for (int k = 0; k < runsPerVisit; k++) {
            long w0 = clock.waitedNs();
            long t0 = System.nanoTime();
            work.run();
            long t1 = System.nanoTime();
            // a wait just outside [t0, t1] (between the clock read and nanoTime) is counted, but never beyond the run
            long waited = Math.min(clock.waitedNs() - w0, t1 - t0);
            all.get(i).add((t1 - t0) / 1e6);
            corrected.get(i).add(Math.max(0, t1 - t0 - waited) / 1e6);
            wallNs[i] += t1 - t0;
            waitNs[i] += waited;
            if (!visible || waited == 0) {
              clean.get(i).add((t1 - t0) / 1e6);
            }
          }
        }
        if (afterRound != null) {
          afterRound.accept(round + 1);
        }
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("timed work failed: " + e.getMessage(), e);
    }
    List<Result> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean cleanMedian = clean.get(i).size() >= minCleanRuns;
      List<Double> used = cleanMedian ? clean.get(i) : corrected.get(i);
      int runs = all.get(i).size();
      // stable: the median of each half of the rounds agree within the threshold
      List<Double> first = used.subList(0, used.size() / 2);
      List<Double> second = used.subList(used.size() / 2, used.size());
      boolean stable = cleanMedian && !first.isEmpty() && Math.abs(median(first) - median(second))
          <= stableRelativeChange * median(used);
      LatencyTimer.Measurement m = summarize(used, runs, stable);
      double min = all.get(i).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
      out.add(new Result(m, min, visible ? runs - clean.get(i).size() : -1,
          visible ? (wallNs[i] == 0 ? 0 : (double) waitNs[i] / wallNs[i]) : -1, cleanMedian && visible));
    }
    return out;
  }

  /** 5 warm-up runs, rounds of 10, up to 100 runs, 2%, at least 10 clean runs. */
  public static CleanRunTimer standard() {
    return new CleanRunTimer(5, 10, 100, 0.02, 10);
  }

  /**
   * How sampled layers are profiled (the profile command, the device agent, the predictor benchmark): 60
   * interleaved rounds of 5 timed runs. Two measurements of the same 200 layers at batch 1 with 2 runs a round
   * agreed within 10% for 99% of them (2.0-2.4% mean difference), against 91-97% with 10 rounds of 3 and 92-95%
   * timing each layer on its own until its median settled; at batch 8, whose runs move 8x the bytes through a
   * shared cache, 2 runs a round gave 79-85% and 5 runs 89-92% (docs/latency-model.md).
   */
  public static CleanRunTimer layerProfiling() {
    return layerProfiling(LAYER_ROUNDS);
  }

  /** {@link #layerProfiling()} with another number of rounds (at least 2, and 10 timed runs in all). */
  public static CleanRunTimer layerProfiling(int rounds) {
    return standard().interleaved(rounds, LAYER_RUNS_PER_ROUND);
  }

  /**
   * How pruned models are profiled: their layers, whole passes, heads and tails in 20 interleaved rounds of 2
   * timed runs. Whole passes run milliseconds to tens of milliseconds, so fewer rounds keep a batch-8 model's
   * profile within seconds.
   */
  public static CleanRunTimer modelProfiling() {
    return modelProfiling(MODEL_ROUNDS);
  }

  /** {@link #modelProfiling()} with another number of rounds (at least 5). */
  public static CleanRunTimer modelProfiling(int rounds) {
    return standard().interleaved(rounds, 2);
  }

  /** Rounds of {@link #layerProfiling()}. */
  public static final int LAYER_ROUNDS = 60;

  /** Timed runs per round of {@link #layerProfiling()}. */
  public static final int LAYER_RUNS_PER_ROUND = 5;

  /** Rounds of {@link #modelProfiling()}. */
  public static final int MODEL_ROUNDS = 20;

  /** Untimed runs before a piece of work is timed. */
  public int warmupRuns() {
    return warmupRuns;
  }

  /** Whether this thread can tell preempted runs (Linux schedstat). */
  public static boolean preemptionVisible() {
    return CLOCK.get().available();
  }

  /**
   * @param measurement median, spread and run counts of the runs used (clean ones when there were enough)
   * @param minMs fastest run of all
   * @param preemptedRuns timed runs during which the thread waited on a run queue (-1: not visible here)
   * @param waitShare run-queue wait during timed runs as a share of their wall time (-1: not visible here)
   * @param cleanMedian whether the median is of clean runs only
   */
  public record Result(LatencyTimer.Measurement measurement, double minMs, int preemptedRuns, double waitShare,
      boolean cleanMedian) {
    public TimingStats stats() {
      LatencyTimer.Measurement m = measurement;
      return new TimingStats(m.p10Ms(), m.p90Ms(), m.madMs(), m.relativeSpread(), m.runs(), m.rejected(), m.stable(),
          preemptedRuns, waitShare, minMs);
    }
  }

  public Result measure(LatencyTimer.Work work) {
    RunQueueClock clock = CLOCK.get();
    boolean visible = clock.available();
    try {
      for (int i = 0; i < warmupRuns; i++) {
        work.run();
      }
      List<Double> all = new ArrayList<>();
      List<Double> clean = new ArrayList<>();
      List<Double> corrected = new ArrayList<>();
      long waitNs = 0;
      long wallNs = 0;
      double previous = Double.NaN;
      boolean stable = false;
      while (all.size() < maxRuns) {
        for (int i = 0; i < roundSize; i++) {
          long w0 = clock.waitedNs();
          long t0 = System.nanoTime();
          work.run();
          long t1 = System.nanoTime();
          long waited = Math.min(clock.waitedNs() - w0, t1 - t0); // as above: never beyond the run
          double ms = (t1 - t0) / 1e6;
          all.add(ms);
          corrected.add(Math.max(0, t1 - t0 - waited) / 1e6);
          wallNs += t1 - t0;
          waitNs += waited;
          if (!visible || waited == 0) {
            clean.add(ms);
          }
        }
        double median = clean.size() >= minCleanRuns ? median(clean) : Double.NaN;
        if (!Double.isNaN(previous) && Math.abs(median - previous) <= stableRelativeChange * median) {
          stable = true;
          break;
        }
        previous = median;
      }
      boolean cleanMedian = clean.size() >= minCleanRuns;
      List<Double> used = cleanMedian ? clean : corrected;
      LatencyTimer.Measurement m = summarize(used, all.size(), stable && cleanMedian);
      double min = all.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
      int preempted = visible ? all.size() - clean.size() : -1;
      double share = visible ? (wallNs == 0 ? 0 : (double) waitNs / wallNs) : -1;
      return new Result(m, min, preempted, share, cleanMedian && visible);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("timed work failed: " + e.getMessage(), e);
    }
  }

  /** Median and percentiles of {@code used} after MAD outlier rejection; rejected counts every run not kept. */
  static LatencyTimer.Measurement summarize(List<Double> used, int runs, boolean stable) {
    double[] sorted = used.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = percentile(sorted, 0.5);
    double[] dev = Arrays.stream(sorted).map(s -> Math.abs(s - median)).sorted().toArray();
    double mad = percentile(dev, 0.5);
    double limit = 3 * 1.4826 * Math.max(mad, 1e-6 * median);
    double[] kept = Arrays.stream(sorted).filter(s -> Math.abs(s - median) <= limit).toArray();
    return new LatencyTimer.Measurement(percentile(kept, 0.5), percentile(kept, 0.1), percentile(kept, 0.9), mad,
        runs, runs - kept.length, stable);
  }

  private static double median(List<Double> values) {
    return percentile(values.stream().mapToDouble(Double::doubleValue).sorted().toArray(), 0.5);
  }

  private static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    double position = q * (sorted.length - 1);
    int lower = (int) Math.floor(position);
    int upper = Math.min(sorted.length - 1, lower + 1);
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
  }

  @Override
  public String toString() {
    return "CleanRunTimer" + Arrays.asList(warmupRuns, roundSize, maxRuns, stableRelativeChange, minCleanRuns)
        + (isInterleaved() ? " interleaved " + interleavedRounds + " x " + runsPerVisit : "");
  }
}
