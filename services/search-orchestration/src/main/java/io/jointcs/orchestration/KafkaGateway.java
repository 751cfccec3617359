package io.jointcs.orchestration;

import io.jointcs.events.CandidateEvaluationRequest;
import io.jointcs.events.DeploymentPlan;
import io.jointcs.events.SearchEvent;
import io.jointcs.events.SearchRequest;
import io.jointcs.events.codec.EventCodec;
import io.jointcs.topics.TopicSpec;
import io.jointcs.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one producer of the service, for every topic it writes (jointcs.search.events, jointcs.candidates.requests,
 * jointcs.plans, jointcs.search.requests): acks=all and idempotence on, so a record is neither lost nor written
 * twice by a retry; every send waits for the acknowledgement, so the caller knows the record is durable before it
 * goes on (a search's next event, the 202 of a request). Failure strategy: a send that fails or times out throws to
 * the caller (a search then fails or stays unfinished and resumes at the next start; POST answers 503).
 */
public final class KafkaGateway implements AutoCloseable {
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<String, byte[]> producer;

  /** @param clientConfig the connection settings of every client (bootstrap servers, TLS, SASL) */
  public KafkaGateway(Map<String, Object> clientConfig, String clientId) {
    Properties p = new Properties();
    p.putAll(clientConfig);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  public void publish(SearchEvent event) {
    send(Topics.SEARCH_EVENTS, event.getSearchId(), EventCodec.of(SearchEvent.class).encode(event));
  }

  public void publish(CandidateEvaluationRequest request) {
    send(Topics.CANDIDATE_REQUESTS, request.getCandidateId(),
        EventCodec.of(CandidateEvaluationRequest.class).encode(request));
  }

  public void publish(DeploymentPlan plan) {
    send(Topics.PLANS, plan.getDeviceId(), EventCodec.of(DeploymentPlan.class).encode(plan));
  }

  public void publish(SearchRequest request) {
    send(Topics.SEARCH_REQUESTS, request.getSearchId(), EventCodec.of(SearchRequest.class).encode(request));
  }

  private void send(TopicSpec topic, String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get(SEND_TIMEOUT.toMillis() + 5_000,
          TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic.name(), e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("publishing to " + topic.name() + " (key " + key + ") failed: " + cause, cause);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
