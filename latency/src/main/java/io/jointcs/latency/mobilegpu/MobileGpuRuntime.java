package io.jointcs.latency.mobilegpu;

/** The two runtimes of the phone dataset, with their files and operator converters. */
public enum MobileGpuRuntime {
  /** TensorFlow Lite GPU delegate, 16-bit float: Pixel 4, Galaxy S10, Mi 8 SE, Galaxy A03s, iPhone 7, iPhone XS */
  TFLITE("tflite_cnn_ops_gpu.csv", "tflite_cnn_e2e.csv", new TfliteOperatorConverter()),
  /** PyTorch Mobile (Vulkan / Metal): Pixel 4, Galaxy S10, Motorola One Fusion, iPhone XS; with gaps */
  TORCH("torch_cnn_ops_gpu.csv", "torch_cnn_e2e.csv", new TorchOperatorConverter());

  private final String operatorsFile;
  private final String endToEndFile;
  private final OperatorConverter converter;

  MobileGpuRuntime(String operatorsFile, String endToEndFile, OperatorConverter converter) {
    this.operatorsFile = operatorsFile;
    this.endToEndFile = endToEndFile;
    this.converter = converter;
  }

  public String operatorsFile() {
    return operatorsFile;
  }

  public String endToEndFile() {
    return endToEndFile;
  }

  OperatorConverter converter() {
    return converter;
  }
}
