package io.jointcs.agent;

import io.jointcs.events.DeploymentPlan;
import java.time.Duration;
import java.util.Optional;

/** Where the agent learns its plan: jointcs.plans on Kafka, or the orchestrator's HTTP endpoint. */
interface PlanSource extends AutoCloseable {
  /**
   * Waits up to {@code maxWait} for news and returns the latest plan of this device known so far. Called from one
   * thread only.
   */
  Optional<DeploymentPlan> latest(Duration maxWait) throws Exception;

  /** Makes a waiting {@link #latest} return soon; safe from any thread. */
  void wakeup();

  String describe();

  @Override
  void close();
}
