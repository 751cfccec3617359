package io.jointcs.latency.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.jointcs.latency.profiling.EngineThreads;
import io.jointcs.latency.profiling.HostInfo;
import io.jointcs.latency.profiling.LayerBlocks;
import io.jointcs.latency.profiling.RunQueueClock;
import io.jointcs.model.Architecture;
import io.jointcs.model.LayerDescriptor;
import io.jointcs.model.LayerType;
import io.jointcs.model.ModelSpec;
import io.jointcs.model.Network;
import io.jointcs.model.blocks.ConvBnAct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The measurement behind docs/latency-model.md: what a whole-model forward pass costs against the sum of its layers
 * timed one by one, on this machine. Every item (whole model, each layer in the network, each layer in a network of
 * its own, each block, an empty invocation, a conv/bn/relu split, tiny ops) is timed in interleaved rounds, so slow
 * drift and bursts of contention hit all of them alike; each run is flagged clean when the thread did not wait on a
 * run queue during it ({@link RunQueueClock}).
 *
 * <p>Run pinned, with one intra-op thread: {@code taskset -c 1 java -cp ... io.jointcs.latency.bench.CompositionStudy
 * [rounds] [batch] [models...]}, models as {@code arch:keep}, e.g. {@code resnet20:1 mobilenet_v2:0.5}.
 */
public final class CompositionStudy {
  private record Item(String name, Runnable work, Runnable prepare, List<Double> all, List<Double> clean,
      long[] faults) {
    Item(String name, Runnable work) {
      this(name, work, null, new ArrayList<>(), new ArrayList<>(), new long[1]);
    }

    Item(String name, Runnable work, Runnable prepare) {
      this(name, work, prepare, new ArrayList<>(), new ArrayList<>(), new long[1]);
    }
  }

  /** Twice the L2 cache of the machine studied (4 MiB per core): writing it evicts a layer's weights and input. */
  private static final byte[] FLUSH = new byte[8 << 20];
  private static int flushes;

  private static void flushL2() {
    int f = ++flushes;
    for (int i = 0; i < FLUSH.length; i += 64) {
      FLUSH[i] = (byte) (f + i);
    }
  }

  private static final class Stats {
    final double min;
    final double median;
    final double cleanMedian;
    final double cleanShare;

    Stats(Item item) {
      double[] a = item.all.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double[] c = item.clean.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      min = a[0];
      median = a[a.length / 2];
      cleanMedian = c.length == 0 ? Double.NaN : c[c.length / 2];
      cleanShare = c.length / (double) a.length;
    }
  }

  private CompositionStudy() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    List<String> models = args.length > 2 ? Arrays.asList(args).subList(2, args.length)
        : List.of("resnet20:1", "resnet20:0.5", "mobilenet_v2:0.5", "vgg16_bn:0.5");
    EngineThreads.apply(1, 1);
    RunQueueClock clock = RunQueueClock.forCurrentThread();
    System.out.printf(Locale.ROOT, "rounds %d, batch %d, run-queue clock %s, load %s%n", rounds, batch,
        clock.available(), loadavg());
    try (NDManager base = NDManager.newBaseManager()) {
      tinyOps(base, clock, rounds);
      for (String m : models) {
        String[] p = m.split(":");
        Architecture arch = Architecture.valueOf(p[0].toUpperCase(Locale.ROOT));
        double keep = Double.parseDouble(p[1]);
        ModelSpec spec = keep >= 1 ? ModelSpec.base(arch, 10) : ModelSpec.uniformlyScaled(arch, 10, keep);
        study(spec, base, clock, rounds, batch);
      }
    }
    System.out.printf(Locale.ROOT, "load at end %s%n", loadavg());
  }

  private static void tinyOps(NDManager base, RunQueueClock clock, int rounds) {
    try (NDManager m = base.newSubManager()) {
      NDArray one = m.ones(new ai.djl.ndarray.types.Shape(1));
      NDArray x64 = m.randomUniform(-1f, 1f, new ai.djl.ndarray.types.Shape(1, 16, 32, 32));
      List<Item> items = new ArrayList<>();
      items.add(new Item("empty sub-manager", () -> {
        try (NDManager run = m.newSubManager()) {
          one.tempAttach(run);
        }
      }));
      items.add(new Item("1 tiny op (add, 1 element)", () -> {
        try (NDManager run = m.newSubManager()) {
          one.tempAttach(run);
          one.add(1f);
        }
      }));
      items.add(new Item("10 tiny ops chained", () -> {
        try (NDManager run = m.newSubManager()) {
          one.tempAttach(run);
          NDArray y = one;
          for (int i = 0; i < 10; i++) {
            y = y.add(1f);
          }
        }
      }));
      items.add(new Item("relu 16x32x32", () -> {
        try (NDManager run = m.newSubManager()) {
          x64.tempAttach(run);
          ai.djl.nn.Activation.relu(x64);
        }
      }));
      items.add(new Item("add 16x32x32", () -> {
        try (NDManager run = m.newSubManager()) {
          x64.tempAttach(run);
          x64.add(x64);
        }
      }));
      run(items, clock, rounds, 20);
      print("tiny ops", items);
    }
  }

  private static void study(ModelSpec spec, NDManager base, RunQueueClock clock, int rounds, int batch) {
    try (Network net = Network.initialize(spec, base, 1)) {
      NDManager nm = net.manager();
      List<LayerDescriptor> layers = net.plan().layers();
      int blocks = net.plan().blockCount();
      NDArray input = nm.randomUniform(-1f, 1f, net.inputShape(batch));
      List<Item> items = new ArrayList<>();
      Item whole = new Item("whole", () -> {
        try (NDManager run = nm.newSubManager()) {
          input.tempAttach(run);
          net.forwardRange(input, 0, blocks, false);
        }
      });
      items.add(whole);
      Item empty = new Item("empty invocation", () -> {
        try (NDManager run = nm.newSubManager()) {
          input.tempAttach(run);
          net.forwardRange(input, 0, 0, false);
        }
      });
      items.add(empty);
      // block inputs: run the model once and keep every cut tensor
      List<NDArray> cuts = new ArrayList<>();
      NDArray x = input;
      cuts.add(x);
      for (int b = 0; b < blocks; b++) {
        x = net.forwardRange(x, b, b + 1, false);
        cuts.add(x);
      }
      List<Item> blockItems = new ArrayList<>();
      for (int b = 0; b < blocks; b++) {
        int from = b;
        NDArray in = cuts.get(b);
        blockItems.add(new Item("block " + (b + 1), () -> {
          try (NDManager run = nm.newSubManager()) {
            in.tempAttach(run);
            net.forwardRange(in, from, from + 1, false);
          }
        }));
      }
      items.addAll(blockItems);
      List<Item> inNet = new ArrayList<>();
      List<Item> isolated = new ArrayList<>();
      List<Item> convOnly = new ArrayList<>();
      List<Item> bnOnly = new ArrayList<>();
      List<Item> actOnly = new ArrayList<>();
      List<Item> coldAll = new ArrayList<>();
      List<Item> coldWeights = new ArrayList<>();
      List<NDManager> own = new ArrayList<>();
      for (LayerDescriptor l : layers) {
        NDManager lm = nm.newSubManager();
        own.add(lm);
        NDArray li = lm.randomUniform(-1f, 1f, LayerBlocks.inputShape(l, batch));
        NDList lin = new NDList(li);
        ParameterStore store = new ParameterStore(lm, false);
        Block inNetwork = l.type() == LayerType.ADD ? LayerBlocks.isolated(l, lm, batch) : net.layers().get(l.name());
        inNet.add(new Item("in-net " + l.name(), timed(lm, li, () -> inNetwork.forward(store, lin, false))));
        NDManager im = base.newSubManager();
        own.add(im);
        Block alone = LayerBlocks.isolated(l, im, batch);
        NDArray ii = im.randomUniform(-1f, 1f, LayerBlocks.inputShape(l, batch));
        NDList iin = new NDList(ii);
        ParameterStore istore = new ParameterStore(im, false);
        isolated.add(new Item("isolated " + l.name(), timed(im, ii, () -> alone.forward(istore, iin, false))));
        Runnable inNetWork = timed(lm, li, () -> inNetwork.forward(store, lin, false));
        coldAll.add(new Item("cold " + l.name(), inNetWork, CompositionStudy::flushL2));
        // weights evicted, input just written (as in a model, where the previous layer wrote it)
        coldWeights.add(new Item("cold weights " + l.name(), inNetWork, () -> {
          flushL2();
          try (NDManager t = lm.newSubManager()) {
            li.tempAttach(t);
            li.mul(1f);
          }
        }));
        if (inNetwork instanceof ConvBnAct cba) {
          NDArray convOut = cba.conv().forward(store, lin, false).singletonOrThrow();
          NDList cout = new NDList(convOut);
          convOnly.add(new Item("conv " + l.name(), timed(lm, li, () -> cba.conv().forward(store, lin, false))));
          bnOnly.add(new Item("bn " + l.name(), timed(lm, convOut, () -> cba.batchNorm().forward(store, cout, false))));
          actOnly.add(new Item("act " + l.name(), timed(lm, convOut, () -> {
            NDArray unused = l.activation() == io.jointcs.model.Activation.RELU6 ? convOut.clip(0f, 6f)
                : ai.djl.nn.Activation.relu(convOut);
          })));
        }
      }
      items.addAll(inNet);
      items.addAll(isolated);
      items.addAll(convOnly);
      items.addAll(bnOnly);
      items.addAll(actOnly);
      items.addAll(coldAll);
      items.addAll(coldWeights);
      Item wholeCold = new Item("whole, L2 flushed first", whole.work(), CompositionStudy::flushL2);
      items.add(wholeCold);
      run(items, clock, rounds, 3);
      String name = spec.architecture().id() + " widths " + spec.widths();
      System.out.printf(Locale.ROOT, "%n== %s, batch %d: %d layers, %d blocks, %.2f MMACs, %.2f M params, load %s%n",
          name, batch, layers.size(), blocks, net.plan().layers().stream().mapToLong(LayerDescriptor::macs).sum()
              * batch / 1e6, layers.stream().mapToLong(LayerDescriptor::params).sum() / 1e6, loadavg());
      Map<String, List<Item>> groups = new LinkedHashMap<>();
      groups.put("whole", List.of(whole));
      groups.put("empty invocation", List.of(empty));
      groups.put("sum of blocks", blockItems);
      groups.put("sum of layers in network", inNet);
      groups.put("sum of layers isolated", isolated);
      groups.put("whole, L2 flushed before each run", List.of(wholeCold));
      groups.put("sum of layers in network, L2 flushed before each", coldAll);
      groups.put("sum of layers, L2 flushed, input re-touched", coldWeights);
      groups.put("  convs: conv op only", convOnly);
      groups.put("  convs: batch-norm op only", bnOnly);
      groups.put("  convs: activation op only", actOnly);
      System.out.println("| what | items | sum of mins ms | sum of medians ms | sum of clean medians ms | clean share "
          + "| minor page faults per pass |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (Map.Entry<String, List<Item>> g : groups.entrySet()) {
        double mins = 0;
        double meds = 0;
        double clean = 0;
        double share = 0;
        double faults = 0;
        for (Item i : g.getValue()) {
          faults += i.faults[0] / (double) i.all.size();
          Stats s = new Stats(i);
          mins += s.min;
          meds += s.median;
          clean += s.cleanMedian;
          share += s.cleanShare;
        }
        System.out.printf(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %.0f%% | %.1f |%n", g.getKey(),
            g.getValue().size(), mins, meds, clean, 100 * share / g.getValue().size(), faults);
      }
      // per layer type: in-network vs isolated median, convs split
      Map<String, double[]> byType = new LinkedHashMap<>();
      for (int i = 0; i < layers.size(); i++) {
        String t = layers.get(i).type().name();
        double[] a = byType.computeIfAbsent(t, k -> new double[4]);
        a[0]++;
        a[1] += new Stats(inNet.get(i)).min;
        a[2] += new Stats(isolated.get(i)).min;
        a[3] += new Stats(inNet.get(i)).median;
      }
      byType.forEach((t, a) -> System.out.printf(Locale.ROOT, "  %s x%d: in-net mins %.4f ms, isolated mins %.4f ms, "
          + "in-net medians %.4f ms%n", t, (int) a[0], a[1], a[2], a[3]));
      own.forEach(NDManager::close);
    }
  }

  private static Runnable timed(NDManager m, NDArray in, Runnable forward) {
    return () -> {
      try (NDManager run = m.newSubManager()) {
        in.tempAttach(run);
        forward.run();
      }
    };
  }

  /** Interleaved rounds: each item runs {@code perRound} times per round, items shuffled every round. */
  private static void run(List<Item> items, RunQueueClock clock, int rounds, int perRound) {
    for (Item i : items) {
      for (int w = 0; w < 3; w++) {
        i.work.run();
      }
    }
    Random random = new Random(1);
    List<Item> order = new ArrayList<>(items);
    for (int r = 0; r < rounds; r++) {
      Collections.shuffle(order, random);
      for (Item i : order) {
        i.work.run(); // untimed: the item's own warm cache, like the profiler's repetitions
        for (int k = 0; k < perRound; k++) {
          if (i.prepare != null) {
            i.prepare.run();
          }
          long f0 = HostInfo.minorFaultsOfCurrentThread();
          long w0 = clock.waitedNs();
          long t0 = System.nanoTime();
          i.work.run();
          long t1 = System.nanoTime();
          long w1 = clock.waitedNs();
          i.faults[0] += HostInfo.minorFaultsOfCurrentThread() - f0;
          double ms = (t1 - t0) / 1e6;
          i.all.add(ms);
          if (w1 == w0) {
            i.clean.add(ms);
          }
        }
      }
    }
  }

  private static void print(String title, List<Item> items) {
    System.out.printf(Locale.ROOT, "%n== %s%n", title);
    for (Item i : items) {
      Stats s = new Stats(i);
      System.out.printf(Locale.ROOT, "  %s: min %.4f ms, median %.4f ms, clean median %.4f ms (%.0f%% clean)%n",
          i.name, s.min, s.median, s.cleanMedian, 100 * s.cleanShare);
    }
  }

  private static String loadavg() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
