package dev.chainrule.autodiff.array;

/**
 * The start-up choice of {@link Kernels#DEFAULT}: the Vector API kernels when the JVM has them, plain
 * loops otherwise, and how many threads.
 *
 * <p>Two system properties, read once:
 * <ul>
 *   <li>{@code chainrule.kernels}: {@code auto} (the default) takes the Vector API when the module
 *       {@code jdk.incubator.vector} is in the boot layer ({@code --add-modules jdk.incubator.vector}) and
 *       the hardware has 256-bit vectors, else plain loops; {@code plain} forces plain loops (CI runs the
 *       suite both ways); {@code vector} demands the Vector API and fails when it is missing.
 *   <li>{@code chainrule.threads}: the most threads one product may use; the default is every core.
 * </ul>
 *
 * <p>{@link VectorMicroKernel} links against the incubator module, so it is loaded only after the module
 * was found; without the module the library runs on plain loops, never with a {@code NoClassDefFoundError}.
 */
final class KernelSelection {
  /** The system property that picks the kernels: {@code auto}, {@code vector} or {@code plain}. */
  static final String KERNELS_PROPERTY = "chainrule.kernels";

  /** The system property that caps the threads of one product. */
  static final String THREADS_PROPERTY = "chainrule.threads";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private KernelSelection() {}

  /** The setting the system properties ask for. */
  static Kernels fromSystemProperties() {
    return select(
        System.getProperty(KERNELS_PROPERTY, "auto"),
        System.getProperty(THREADS_PROPERTY, ""),
        Runtime.getRuntime().availableProcessors());
  }

  /** The setting for these property values; an empty {@code threads} means {@code cores}. */
  static Kernels select(String kernels, String threads, int cores) {
    int count = threads.isBlank() ? cores : parseThreads(threads);
    switch (kernels.trim()) {
      case "auto":
        return vectorAvailable() ? Kernels.vector(count) : Kernels.plain(count);
      case "vector":
        return Kernels.vector(count);
      case "plain":
        return Kernels.plain(count);
      default:
        throw new IllegalArgumentException(
            String.format("%s: expected auto, vector or plain; got '%s'", KERNELS_PROPERTY, kernels));
    }
  }

  /** True when the Vector API module is present and the hardware has 256-bit vectors. */
  static boolean vectorAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent() && VectorMicroKernel.supported();
  }

  /** The Vector API kernel; call only when {@link #vectorAvailable()}. */
  static MicroKernel vectorKernel() {
    return new VectorMicroKernel();
  }

  private static int parseThreads(String value) {
    try {
      int count = Integer.parseInt(value.trim());
      if (count >= 1) {
        return count;
      }
    } catch (NumberFormatException e) {
      // reported below, with the property's name
    }
    throw new IllegalArgumentException(
        String.format("%s: expected a positive thread count; got '%s'", THREADS_PROPERTY, value));
  }
}
