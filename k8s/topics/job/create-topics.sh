#!/bin/bash
# Creates every topic of the JointCS catalogue (io.jointcs.topics.Topics, docs/events.md) with its partitions,
# cleanup policy and retention, for clusters without Strimzi. Used by docker-compose.yml (service kafka-topics) and
# by the Kubernetes Job in this folder. TopicManifestsTest fails when the lines below and the catalogue disagree.
# Existing topics are left as they are (--if-not-exists): partitions and configs of a topic are not changed here.
#
# Environment: KAFKA_BOOTSTRAP_SERVERS (required); REPLICATION_FACTOR (default 1); MIN_INSYNC_REPLICAS (optional);
# the clients' security settings KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG,
# KAFKA_SSL_TRUSTSTORE_LOCATION, KAFKA_SSL_TRUSTSTORE_PASSWORD, KAFKA_SSL_TRUSTSTORE_TYPE; KAFKA_BIN (default
# /opt/kafka/bin, as in the apache/kafka image).
set -euo pipefail

KAFKA_BIN=${KAFKA_BIN:-/opt/kafka/bin}
: "${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS must name the brokers}"
REPLICATION_FACTOR=${REPLICATION_FACTOR:-1}

client_config=$(mktemp)
trap 'rm -f "$client_config"' EXIT
{
  echo "security.protocol=${KAFKA_SECURITY_PROTOCOL:-PLAINTEXT}"
  if [ -n "${KAFKA_SASL_MECHANISM:-}" ]; then echo "sasl.mechanism=${KAFKA_SASL_MECHANISM}"; fi
  if [ -n "${KAFKA_SASL_JAAS_CONFIG:-}" ]; then echo "sasl.jaas.config=${KAFKA_SASL_JAAS_CONFIG}"; fi
  if [ -n "${KAFKA_SSL_TRUSTSTORE_LOCATION:-}" ]; then echo "ssl.truststore.location=${KAFKA_SSL_TRUSTSTORE_LOCATION}"; fi
  if [ -n "${KAFKA_SSL_TRUSTSTORE_PASSWORD:-}" ]; then echo "ssl.truststore.password=${KAFKA_SSL_TRUSTSTORE_PASSWORD}"; fi
  if [ -n "${KAFKA_SSL_TRUSTSTORE_TYPE:-}" ]; then echo "ssl.truststore.type=${KAFKA_SSL_TRUSTSTORE_TYPE}"; fi
} > "$client_config"

kafka_topics() {
  "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config "$client_config" "$@"
}

# the broker may still be starting: up to 5 minutes
for attempt in $(seq 1 60); do
  if kafka_topics --list > /dev/null 2>&1; then break; fi
  if [ "$attempt" = 60 ]; then echo "no Kafka broker answered at $KAFKA_BOOTSTRAP_SERVERS" >&2; exit 1; fi
  sleep 5
done

# topic NAME PARTITIONS CLEANUP_POLICY RETENTION_MS (-1: forever)
topic() {
  local extra=()
  if [ -n "${MIN_INSYNC_REPLICAS:-}" ]; then extra=(--config "min.insync.replicas=${MIN_INSYNC_REPLICAS}"); fi
  kafka_topics --create --if-not-exists --topic "$1" --partitions "$2" --replication-factor "$REPLICATION_FACTOR" \
    --config "cleanup.policy=$3" --config "retention.ms=$4" ${extra[@]+"${extra[@]}"}
}

# --- the catalogue: name, partitions, cleanup policy, retention.ms ---
topic jointcs.telemetry.raw 6 delete 604800000
topic jointcs.telemetry.rejected 3 delete 2592000000
topic jointcs.profiling.samples 6 delete 7776000000
topic jointcs.profiling.model-samples 3 delete 7776000000
topic jointcs.network.state 3 compact -1
topic jointcs.network.changes 3 delete 604800000
topic jointcs.latency.statistics 6 delete 604800000
topic jointcs.latency.drift 3 delete 2592000000
topic jointcs.predictors 3 compact -1
topic jointcs.devices 3 compact -1
topic jointcs.search.requests 3 delete 2592000000
topic jointcs.search.events 3 delete -1
topic jointcs.candidates.requests 12 delete 604800000
topic jointcs.candidates.results 6 delete 2592000000
topic jointcs.plans 6 compact -1

kafka_topics --describe --topic 'jointcs\..*' | grep -v '^\s*Topic:.*Partition:' || true
echo "jointcs topics ready on $KAFKA_BOOTSTRAP_SERVERS"
