/**
 * Loads DJL's PyTorch engine from the class path and computes one sum with it, so that the libtorch native of an
 * image is known to load and run on its architecture. Reflection only: compiles without DJL (javac -d DIR
 * PyTorchProbe.java), runs against an image's own jars, e.g. through smoke-run-image:
 *   smoke-run-image IMAGE.tar --volume DIR:/opt/probe --entrypoint java --expect 'PyTorch .* sum 6.0' \
 *     -- -Dai.djl.offline=true -cp '/opt/probe:/home/jboss/lib/main/*' PyTorchProbe
 */
public final class PyTorchProbe {
  public static void main(String[] args) throws Exception {
    Class<?> engineClass = Class.forName("ai.djl.engine.Engine");
    Object engine = engineClass.getMethod("getEngine", String.class).invoke(null, "PyTorch");
    Class<?> managerClass = Class.forName("ai.djl.ndarray.NDManager");
    Class<?> arrayClass = Class.forName("ai.djl.ndarray.NDArray");
    try (AutoCloseable manager = (AutoCloseable) managerClass.getMethod("newBaseManager").invoke(null)) {
      Object array = managerClass.getMethod("create", float[].class).invoke(manager, (Object) new float[] {1, 2, 3});
      Object sum = arrayClass.getMethod("sum").invoke(array);
      Object value = arrayClass.getMethod("getFloat", long[].class).invoke(sum, (Object) new long[0]);
      System.out.println("PyTorch " + engineClass.getMethod("getVersion").invoke(engine) + " on "
          + System.getProperty("os.arch") + ": sum " + value);
    }
  }
}
