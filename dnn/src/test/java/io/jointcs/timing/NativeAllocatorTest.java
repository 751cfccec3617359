package io.jointcs.timing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeAllocatorTest {

  @Test
  void onGlibcTheThresholdsAreFixedOnceAndTheStateSaysSo() {
    // the project's machines and images run glibc; elsewhere the state names what was not done
    String state = NativeAllocator.fixThresholds();

    assertThat(state).isEqualTo("glibc thresholds fixed (mmap 32 MiB, trim 1 GiB)");
    assertThat(NativeAllocator.fixThresholds()).isSameAs(state);
    assertThat(NativeAllocator.state()).isSameAs(state);
  }
}
