package io.jointcs.segmentation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CutTensorTest {
  private static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @ParameterizedTest
  @CsvSource({"-3.0, 5.0", "0.0, 6.0", "0.5, 2.0", "-4.0, -1.0", "-1e-3, 1e-3"})
  void dequantizedValuesAreWithinHalfAStep(float low, float high) {
    Random random = new Random(1);
    float[] values = new float[4096];
    for (int i = 0; i < values.length; i++) {
      values[i] = low + (high - low) * random.nextFloat();
    }
    values[0] = low;
    values[1] = high;
    NDArray x = manager.create(values, new Shape(4, 4, 16, 16));
    CutTensor cut = CutTensor.encode(x, CutQuantization.INT8);
    AffineQuantizer quantizer = cut.quantizer().orElseThrow();
    float[] back = cut.values();
    double bound = quantizer.scale() / 2 * (1 + 1e-5);
    for (int i = 0; i < values.length; i++) {
      assertThat((double) Math.abs(back[i] - values[i])).as("element %d", i).isLessThanOrEqualTo(bound);
    }
    assertThat(quantizer.dequantize(quantizer.quantize(0f))).isEqualTo(0f);
    assertThat(cut.sizeBytes()).isEqualTo(values.length + 8L);
  }

  @Test
  void constantTensorsQuantizeWithoutDividingByZero() {
    CutTensor cut = CutTensor.encode(manager.zeros(new Shape(1, 8)), CutQuantization.INT8);
    assertThat(cut.values()).containsOnly(0f);
  }

  @Test
  void floatCutTensorsAreExact() {
    NDArray x = manager.randomNormal(new Shape(2, 3, 5, 5));
    CutTensor cut = CutTensor.encode(x, CutQuantization.NONE);
    assertThat(cut.values()).containsExactly(x.toFloatArray());
    assertThat(cut.sizeBytes()).isEqualTo(4L * 150);
    assertThat(cut.quantizer()).isEmpty();
  }

  @Test
  void wireFormatRoundTrips() throws IOException {
    for (CutQuantization quantization : CutQuantization.values()) {
      CutTensor cut = CutTensor.encode(manager.randomNormal(new Shape(2, 4, 3, 3)), quantization);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      cut.writeTo(new DataOutputStream(bytes));
      CutTensor back = CutTensor.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      assertThat(back).isEqualTo(cut);
    }
  }

  @Test
  void wireFormatRejectsGarbage() {
    assertThatThrownBy(() -> CutTensor.readFrom(new DataInputStream(new ByteArrayInputStream(new byte[16]))))
        .isInstanceOf(IOException.class).hasMessageContaining("not a cut tensor");
  }
}
