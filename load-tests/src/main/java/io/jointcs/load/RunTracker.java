package io.jointcs.load;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Bookkeeping of one load run, per record sequence number: which records are bad, which the platform acknowledged
 * (Kafka ack or HTTP 202), which came out as a profiling sample or a rejection, and when. Latencies are measured
 * from each record's <em>intended</em> send time on the fixed-rate schedule, not from when the generator got round
 * to sending it, so a stalled sender or a slow endpoint shows up as latency (no coordinated omission).
 * Thread-safe; latencies in microseconds.
 */
public final class RunTracker {
  /** Latencies above an hour are clipped to it. */
  static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

  private final int capacity;
  private final long warmupRecords;
  private final long[] intendedNanos;
  private final BitSet bad = new BitSet();
  private final BitSet acked = new BitSet();
  private final BitSet failed = new BitSet();
  private final BitSet sampled = new BitSet();
  private final BitSet rejected = new BitSet();

  private final AtomicLong scheduled = new AtomicLong();
  private final AtomicLong ackedCount = new AtomicLong();
  private final AtomicLong failedCount = new AtomicLong();
  private final AtomicLong goodOut = new AtomicLong();
  private final AtomicLong badOut = new AtomicLong();
  private final AtomicLong duplicateSamples = new AtomicLong();
  private final AtomicLong duplicateRejections = new AtomicLong();
  private final AtomicLong badAccepted = new AtomicLong();
  private final AtomicLong goodRejected = new AtomicLong();
  private final AtomicLong foreign = new AtomicLong();
  private final AtomicLong lastOutNanos = new AtomicLong(Long.MIN_VALUE);

  private final Histogram endToEnd = new Histogram(MAX_MICROS, 3);
  private final Histogram rejection = new Histogram(MAX_MICROS, 3);
  private final Histogram ack = new Histogram(MAX_MICROS, 3);
  private final Recorder endToEndInterval = new Recorder(MAX_MICROS, 3);

  /**
   * @param capacity most records the run may schedule
   * @param warmupRecords the first records, left out of the latency histograms (still counted for loss)
   */
  public RunTracker(int capacity, long warmupRecords) {
    this.capacity = capacity;
    this.warmupRecords = warmupRecords;
    this.intendedNanos = new long[capacity];
  }

  public int capacity() {
    return capacity;
  }

  /** A record is due at {@code intendedNanos} (System.nanoTime) on the schedule. */
  public synchronized void scheduled(long seq, boolean isBad, long intendedNanos) {
    this.intendedNanos[(int) seq] = intendedNanos;
    if (isBad) {
      bad.set((int) seq);
    }
    scheduled.incrementAndGet();
  }

  /** The platform took the record (Kafka acks=all, or the HTTP batch answered 202). */
  public void acknowledged(long seq, long nowNanos) {
    synchronized (this) {
      if (acked.get((int) seq)) {
        return;
      }
      acked.set((int) seq);
    }
    ackedCount.incrementAndGet();
    recordIfMeasured(seq, ack, null, nowNanos);
  }

  /** The platform refused the record or did not answer: it is not ingestion's to lose. */
  public synchronized void sendFailed(long seq) {
    if (!failed.get((int) seq)) {
      failed.set((int) seq);
      failedCount.incrementAndGet();
    }
  }

  /** A profiling sample with this record's id appeared. */
  public void sampleSeen(long seq, long nowNanos) {
    if (seq < 0 || seq >= capacity) {
      foreign.incrementAndGet();
      return;
    }
    lastOutNanos.accumulateAndGet(nowNanos, Math::max);
    boolean wasBad;
    synchronized (this) {
      if (sampled.get((int) seq)) {
        duplicateSamples.incrementAndGet();
        return;
      }
      sampled.set((int) seq);
      wasBad = bad.get((int) seq);
    }
    if (wasBad) {
      badAccepted.incrementAndGet();
      return;
    }
    goodOut.incrementAndGet();
    recordIfMeasured(seq, endToEnd, endToEndInterval, nowNanos);
  }

  /** A rejection whose original bytes carry this record's marker appeared. */
  public void rejectionSeen(long seq, long nowNanos) {
    if (seq < 0 || seq >= capacity) {
      foreign.incrementAndGet();
      return;
    }
    lastOutNanos.accumulateAndGet(nowNanos, Math::max);
    boolean wasBad;
    synchronized (this) {
      if (rejected.get((int) seq)) {
        duplicateRejections.incrementAndGet();
        return;
      }
      rejected.set((int) seq);
      wasBad = bad.get((int) seq);
    }
    if (!wasBad) {
      goodRejected.incrementAndGet();
      return;
    }
    badOut.incrementAndGet();
    recordIfMeasured(seq, rejection, null, nowNanos);
  }

  private void recordIfMeasured(long seq, Histogram into, Recorder interval, long nowNanos) {
    long micros;
    synchronized (this) {
      micros = Math.max(0, Math.min(MAX_MICROS, (nowNanos - intendedNanos[(int) seq]) / 1_000));
      if (seq >= warmupRecords) {
        into.recordValue(micros);
      }
    }
    if (interval != null) {
      interval.recordValue(micros);
    }
  }

  /** True once every acknowledged record came out as exactly what it should (or as anything at all). */
  public synchronized boolean allAccountedFor() {
    BitSet out = (BitSet) sampled.clone();
    out.or(rejected);
    BitSet missing = (BitSet) acked.clone();
    missing.andNot(out);
    return missing.isEmpty();
  }

  /** Records out so far (samples + rejections of this run). */
  public long out() {
    return goodOut.get() + badOut.get() + badAccepted.get() + goodRejected.get();
  }

  /** System.nanoTime of the latest output of this run (Long.MIN_VALUE: none yet). */
  public long lastOutNanos() {
    return lastOutNanos.get();
  }

  public long scheduledCount() {
    return scheduled.get();
  }

  public long ackedCount() {
    return ackedCount.get();
  }

  public long goodOut() {
    return goodOut.get();
  }

  public long badOut() {
    return badOut.get();
  }

  /** End-to-end latencies of the good records since the last call (for the per-second timeline). */
  public Histogram intervalEndToEnd() {
    return endToEndInterval.getIntervalHistogram();
  }

  /** What the run amounts to, now. */
  public synchronized Counts counts() {
    BitSet goodAcked = (BitSet) acked.clone();
    goodAcked.andNot(bad);
    BitSet badAcked = (BitSet) acked.clone();
    badAcked.and(bad);
    BitSet goodLost = (BitSet) goodAcked.clone();
    goodLost.andNot(sampled);
    BitSet badNotRejected = (BitSet) badAcked.clone();
    badNotRejected.andNot(rejected);
    List<Long> lostExamples = new ArrayList<>();
    for (int i = goodLost.nextSetBit(0); i >= 0 && lostExamples.size() < 10; i = goodLost.nextSetBit(i + 1)) {
      lostExamples.add((long) i);
    }
    BitSet goodScheduled = new BitSet();
    goodScheduled.set(0, (int) scheduled.get());
    goodScheduled.andNot(bad);
    return new Counts(scheduled.get(), goodScheduled.cardinality(), (int) scheduled.get() - goodScheduled.cardinality(),
        ackedCount.get(), failedCount.get(), goodAcked.cardinality(), badAcked.cardinality(), goodOut.get(),
        badOut.get(), goodLost.cardinality(), badNotRejected.cardinality(), badAccepted.get(), goodRejected.get(),
        duplicateSamples.get(), duplicateRejections.get(), foreign.get(), lostExamples);
  }

  public synchronized Histogram endToEnd() {
    return endToEnd.copy();
  }

  public synchronized Histogram rejectionLatency() {
    return rejection.copy();
  }

  public synchronized Histogram ackLatency() {
    return ack.copy();
  }

  /**
   * @param goodLost good records the platform acknowledged that never became a sample (must be 0)
   * @param badNotRejected bad records the platform acknowledged that never became a rejection (must be 0)
   * @param badAccepted bad records that became a sample (must be 0)
   * @param goodRejected good records that became a rejection (must be 0)
   * @param foreignOut samples or rejections carrying this run's marker with an impossible sequence number
   */
  public record Counts(long scheduled, long goodScheduled, long badScheduled, long acked, long sendFailed,
      long goodAcked, long badAcked, long samplesOut, long rejectionsOut, long goodLost, long badNotRejected,
      long badAccepted, long goodRejected, long duplicateSamples, long duplicateRejections, long foreignOut,
      List<Long> lostExamples) {
    public boolean clean() {
      return goodLost == 0 && badNotRejected == 0 && badAccepted == 0 && goodRejected == 0 && duplicateSamples == 0;
    }
  }
}
