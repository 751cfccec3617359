package io.jointcs.orchestration;

import io.jointcs.events.CandidateEvaluationResult;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Every candidate evaluation result seen on jointcs.candidates.results, by candidate id: fed from the beginning of
 * the topic at start, then live. The first result of an id stands; executors promise that a redelivered candidate
 * gets the same result, and a different one is logged, not applied.
 */
public final class ResultBoard {
  private static final Logger LOG = Logger.getLogger(ResultBoard.class);

  private final Map<String, CandidateEvaluationResult> results = new ConcurrentHashMap<>();

  public void put(CandidateEvaluationResult result) {
    CandidateEvaluationResult first = results.putIfAbsent(result.getCandidateId(), result);
    if (first == null) {
      synchronized (this) {
        notifyAll();
      }
    } else if (!sameOutcome(first, result)) {
      LOG.warnf("candidate %s has a second, different result (worker %s, accuracy %s, error %s); keeping the first "
          + "(worker %s, accuracy %s, error %s)", result.getCandidateId(), result.getWorkerId(), result.getAccuracy(),
          result.getError(), first.getWorkerId(), first.getAccuracy(), first.getError());
    }
  }

  public Optional<CandidateEvaluationResult> get(String candidateId) {
    return Optional.ofNullable(results.get(candidateId));
  }

  public int size() {
    return results.size();
  }

  /**
   * The results of every id, waiting for the missing ones at most {@code timeout}.
   *
   * @throws TimeoutException naming the ids still missing
   */
  public Map<String, CandidateEvaluationResult> await(Collection<String> ids, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      while (true) {
        List<String> missing = ids.stream().filter(id -> !results.containsKey(id)).toList();
        if (missing.isEmpty()) {
          Map<String, CandidateEvaluationResult> out = new LinkedHashMap<>();
          ids.forEach(id -> out.put(id, results.get(id)));
          return out;
        }
        long leftNanos = deadline - System.nanoTime();
        if (leftNanos <= 0) {
          throw new TimeoutException(missing.size() + " of " + ids.size() + " candidate evaluations did not arrive "
              + "within " + timeout.toSeconds() + " s: " + (missing.size() > 5 ? missing.subList(0, 5) + "..."
                  : missing));
        }
        wait(Math.max(1, leftNanos / 1_000_000));
      }
    }
  }

  private static boolean sameOutcome(CandidateEvaluationResult a, CandidateEvaluationResult b) {
    return java.util.Objects.equals(a.getAccuracy(), b.getAccuracy())
        && java.util.Objects.equals(a.getArtifact(), b.getArtifact())
        && java.util.Objects.equals(a.getError(), b.getError());
  }
}
