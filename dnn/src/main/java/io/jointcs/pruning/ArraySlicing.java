package io.jointcs.pruning;

/** Selecting indices along one axis of a dense row-major float tensor. */
final class ArraySlicing {
  private ArraySlicing() {}

  /**
   * Keeps the given indices of {@code axis}; {@code shape} (the caller's own copy) is updated in place.
   *
   * @param data row-major values of a tensor of {@code shape}
   */
  static float[] select(float[] data, long[] shape, int axis, int[] indices) {
    long outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= shape[i];
    }
    long inner = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int dim = (int) shape[axis];
    int blockLength = (int) inner;
    float[] out = new float[(int) (outer * indices.length * inner)];
    int position = 0;
    for (long o = 0; o < outer; o++) {
      for (int index : indices) {
        if (index < 0 || index >= dim) {
          throw new IllegalArgumentException("index " + index + " outside 0.." + (dim - 1) + " of axis " + axis);
        }
        System.arraycopy(data, (int) ((o * dim + index) * inner), out, position, blockLength);
        position += blockLength;
      }
    }
    shape[axis] = indices.length;
    return out;
  }

  /** Indices of the flattened features of the given channels, for channel-major (C, H, W) flattening. */
  static int[] featuresOfChannels(int[] channels, int featuresPerChannel) {
    int[] out = new int[channels.length * featuresPerChannel];
    for (int i = 0; i < channels.length; i++) {
      for (int f = 0; f < featuresPerChannel; f++) {
        out[i * featuresPerChannel + f] = channels[i] * featuresPerChannel + f;
      }
    }
    return out;
  }
}
