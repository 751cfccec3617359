package io.jointcs.search;

/**
 * What turned the parent state into this one.
 *
 * @param kind the action
 * @param group channel group index for PRUNE_GROUP, -1 otherwise
 * @param groupName channel group name for PRUNE_GROUP, empty otherwise
 * @param fromWidth width before pruning, 0 when not pruning
 * @param toWidth width after pruning, 0 when not pruning
 */
public record SearchAction(Kind kind, int group, String groupName, int fromWidth, int toWidth) {

  public enum Kind {
    /** the starting model */
    INITIAL,
    /** one channel group narrowed */
    PRUNE_GROUP,
    /** the cut tensor sent as INT8 instead of float32 */
    QUANTIZE_CUT,
    /** a point of an enumerated space (exhaustive baseline), no parent */
    ENUMERATED
  }

  public static SearchAction initial() {
    return new SearchAction(Kind.INITIAL, -1, "", 0, 0);
  }

  public static SearchAction prune(int group, String groupName, int fromWidth, int toWidth) {
    return new SearchAction(Kind.PRUNE_GROUP, group, groupName, fromWidth, toWidth);
  }

  public static SearchAction quantizeCut() {
    return new SearchAction(Kind.QUANTIZE_CUT, -1, "", 0, 0);
  }

  public static SearchAction enumerated() {
    return new SearchAction(Kind.ENUMERATED, -1, "", 0, 0);
  }

  public String describe() {
    return switch (kind) {
      case INITIAL -> "initial model";
      case PRUNE_GROUP -> "prune " + groupName + " " + fromWidth + " -> " + toWidth;
      case QUANTIZE_CUT -> "quantize cut tensor to INT8";
      case ENUMERATED -> "enumerated";
    };
  }
}
