package io.jointcs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointcs.events.DeviceTelemetry;
import io.jointcs.events.codec.EventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryBatchTest {
  private static final EventCodec<DeviceTelemetry> CODEC = EventCodec.of(DeviceTelemetry.class);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void splitsABatchIntoTheExactBytesOfEachRecordWithTheDeviceTheyClaim() throws Exception {
    // Given two records as the device wrote them (spacing included) and a stray number
    String a = CODEC.toJson(TelemetryFixtures.layer("t-1", "pi-1", 1.0));
    String b = CODEC.toJson(TelemetryFixtures.network("t-2", "pi-1", 1e6, 20));
    String body = "[ " + a + " ,\n" + b + ", 42, \"not telemetry\" ]";

    // When it is split
    List<TelemetryBatch.Item> items = TelemetryBatch.split(utf8(body), 10);

    // Then each record decodes from its own bytes, and the stray value is a record too (to be rejected later)
    assertThat(items).hasSize(4);
    assertThat(new String(items.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo(a);
    assertThat(CODEC.decode(items.get(1).bytes()).getTelemetryId()).isEqualTo("t-2");
    assertThat(items.get(0).claimedDeviceId()).isEqualTo("pi-1");
    assertThat(new String(items.get(2).bytes(), StandardCharsets.UTF_8)).isEqualTo("42");
    assertThat(items.get(2).claimedDeviceId()).isNull();
    assertThat(new String(items.get(3).bytes(), StandardCharsets.UTF_8)).isEqualTo("\"not telemetry\"");
  }

  @Test
  void aSingleObjectIsABatchOfOne() throws Exception {
    String a = CODEC.toJson(TelemetryFixtures.layer("t-1", "pi-7", 1.0));
    assertThat(TelemetryBatch.split(utf8(a), 10)).singleElement()
        .satisfies(item -> assertThat(item.claimedDeviceId()).isEqualTo("pi-7"));
  }

  @Test
  void onlyTheTopLevelDeviceIdCounts() throws Exception {
    String nested = "{\"payload\": {\"device\": {\"deviceId\": \"other\"}}, \"device\": {\"hardware\": "
        + "{\"deviceId\": \"x\"}, \"deviceId\": \"pi-1\"}}";
    assertThat(TelemetryBatch.split(utf8(nested), 10).get(0).claimedDeviceId()).isEqualTo("pi-1");
  }

  @Test
  void refusesWhatIsNotABatch() {
    assertThatThrownBy(() -> TelemetryBatch.split(utf8("[{\"a\": 1}"), 10))
        .isInstanceOf(TelemetryBatch.MalformedBatchException.class);
    assertThatThrownBy(() -> TelemetryBatch.split(utf8("\"hello\""), 10))
        .isInstanceOf(TelemetryBatch.MalformedBatchException.class).hasMessageContaining("JSON array");
    assertThatThrownBy(() -> TelemetryBatch.split(new byte[0], 10))
        .isInstanceOf(TelemetryBatch.MalformedBatchException.class).hasMessageContaining("empty body");
    assertThatThrownBy(() -> TelemetryBatch.split(utf8("[{}] []"), 10))
        .isInstanceOf(TelemetryBatch.MalformedBatchException.class).hasMessageContaining("trailing");
    assertThatThrownBy(() -> TelemetryBatch.split(utf8("[{}, {}, {}]"), 2))
        .isInstanceOf(TelemetryBatch.TooManyRecordsException.class).hasMessageContaining("at most 2");
  }
}
