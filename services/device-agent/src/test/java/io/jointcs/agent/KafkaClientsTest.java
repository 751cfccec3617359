package io.jointcs.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

  @Test
  void tlsAndSaslSettingsComeFromTheServicesEnvironmentVariables() {
    Properties p = KafkaClients.securitySettings(Map.of(
        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
        "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
        "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12",
        "KAFKA_SSL_TRUSTSTORE_TYPE", "",
        "KAFKA_UNRELATED", "x"));

    assertThat(p).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
        .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
        .doesNotContainKey("ssl.truststore.type")
        .hasSize(4);
  }

  @Test
  void noVariablesMeansThePlaintextDefaults() {
    assertThat(KafkaClients.securitySettings(Map.of())).isEmpty();
  }
}
