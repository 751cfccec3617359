package io.jointcs.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabeledImagesTest {

  /** Sorted by class, as an ImageFolder or a class-ordered file gives them: head(n) is one class. */
  private static LabeledImages classSorted(int... perClass) {
    List<String> ids = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int c = 0; c < perClass.length; c++) {
      names.add("c" + c);
      for (int k = 0; k < perClass[c]; k++) {
        ids.add("c" + c + "/" + k + ".png");
        labels.add(c);
      }
    }
    byte[] pixels = new byte[ids.size() * LabeledImages.IMAGE_BYTES];
    for (int i = 0; i < ids.size(); i++) {
      pixels[i * LabeledImages.IMAGE_BYTES] = (byte) i;
    }
    return new LabeledImages(names, ids, labels.stream().mapToInt(Integer::intValue).toArray(), pixels);
  }

  private static int[] classCounts(LabeledImages images) {
    int[] counts = new int[images.numClasses()];
    for (int label : images.labels()) {
      counts[label]++;
    }
    return counts;
  }

  @Test
  void stratifiedSampleKeepsClassProportionsWhereHeadDoesNot() {
    LabeledImages images = classSorted(50, 50, 50, 50);
    assertThat(classCounts(images.head(40))).containsExactly(40, 0, 0, 0);
    LabeledImages sample = images.stratifiedSample(40, "s");
    assertThat(classCounts(sample)).containsExactly(10, 10, 10, 10);
    // pixels travel with their ids, and the original order is kept
    for (int i = 0; i < sample.size(); i++) {
      int original = images.ids().indexOf(sample.ids().get(i));
      assertThat(sample.pixels()[i * LabeledImages.IMAGE_BYTES]).isEqualTo((byte) original);
      if (i > 0) {
        assertThat(original).isGreaterThan(images.ids().indexOf(sample.ids().get(i - 1)));
      }
    }
  }

  @Test
  void unevenClassesGetLargestRemainderQuotas() {
    assertThat(LabeledImages.quotas(new int[] {60, 30, 10}, 10)).containsExactly(6, 3, 1);
    assertThat(LabeledImages.quotas(new int[] {5, 5, 5}, 7)).containsExactly(3, 2, 2);
    assertThat(LabeledImages.quotas(new int[] {1, 99}, 3)).containsExactly(0, 3);
    int[] quotas = LabeledImages.quotas(new int[] {3, 1000}, 1001);
    assertThat(quotas[0] + quotas[1]).isEqualTo(1001);
    assertThat(quotas[0]).isLessThanOrEqualTo(3);
  }

  @Test
  void sampleDependsOnSeedAndIdsOnly() {
    LabeledImages images = classSorted(30, 30, 30);
    LabeledImages a = images.stratifiedSample(12, "seed-a");
    assertThat(images.stratifiedSample(12, "seed-a").ids()).isEqualTo(a.ids());
    assertThat(images.stratifiedSample(12, "seed-b").ids()).isNotEqualTo(a.ids());

    // the same images in reverse order give the same chosen ids
    int[] reverse = new int[images.size()];
    Arrays.setAll(reverse, i -> images.size() - 1 - i);
    LabeledImages reversed = images.subset(reverse);
    assertThat(reversed.stratifiedSample(12, "seed-a").ids()).containsExactlyInAnyOrderElementsOf(a.ids());
  }

  @Test
  void sampleOfAtLeastTheSizeIsEverything() {
    LabeledImages images = classSorted(3, 4);
    assertThat(images.stratifiedSample(7, "s")).isSameAs(images);
    assertThat(images.stratifiedSample(100, "s")).isSameAs(images);
    assertThat(images.stratifiedSample(0, "s").size()).isZero();
    assertThatThrownBy(() -> images.stratifiedSample(-1, "s")).isInstanceOf(IllegalArgumentException.class);
  }
}
