package dev.chainrule.autodiff.kernel.gemm;

/**
 * The start-up choice of {@link Kernels#configured()}: the widest Vector API kernels the JVM and hardware
 * have, plain loops otherwise, and how many threads.
 *
 * <p>Two system properties, read once, on the first product:
 * <ul>
 *   <li>{@code chainrule.kernels}: {@code auto} (the default) takes the Vector API when the module
 *       {@code jdk.incubator.vector} is in the boot layer ({@code --add-modules jdk.incubator.vector}) and
 *       the hardware has 256-bit vectors (the 512-bit kernels when it prefers 512 bits), else plain loops;
 *       {@code vector} demands the Vector API and fails when it is missing; {@code vector256} demands the
 *       256-bit kernels even on 512-bit hardware; {@code plain} forces plain loops (CI runs the suite
 *       both ways).
 *   <li>{@code chainrule.threads}: the most threads one product or element loop
 *       ({@link dev.chainrule.autodiff.kernel.Threads}) may use; the default is every core.
 * </ul>
 *
 * <p>A malformed value does not break class initialization: the error is kept and every product throws an
 * {@link IllegalArgumentException} naming the property and the value.
 *
 * <p>The Vector API kernels link against the incubator module, so they are loaded only after the module
 * was found; without the module the library runs on plain loops, never with a {@code NoClassDefFoundError}.
 */
final class KernelSelection {
  /** The system property that picks the kernels: {@code auto}, {@code vector}, {@code vector256} or {@code plain}. */
  static final String KERNELS_PROPERTY = "chainrule.kernels";

  /** The system property that caps the threads of one kernel call. */
  static final String THREADS_PROPERTY = "chainrule.threads";

  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private KernelSelection() {}

  /** The system properties' setting, chosen on the first call; rethrows their error on every call. */
  static Kernels configured() {
    if (Configured.ERROR != null) {
      // a new exception per call, so that each caller's stack is in the trace
      throw new IllegalArgumentException(Configured.ERROR.getMessage(), Configured.ERROR);
    }
    return Configured.SETTING;
  }

  /** True when the setting is well formed and runs a Vector API micro-kernel. */
  static boolean vectorConfigured() {
    return Configured.SETTING != null && !(Configured.SETTING.microKernel() instanceof PlainMicroKernel);
  }

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
        requireVector(kernels);
        return Kernels.vector(count);
      case "vector256":
        requireVector(kernels);
        return Kernels.vector256(count);
      case "plain":
        return Kernels.plain(count);
      default:
        throw new IllegalArgumentException(
            String.format("%s: expected auto, vector, vector256 or plain; got '%s'", KERNELS_PROPERTY, kernels));
    }
  }

  /** True when the Vector API module is present and the hardware has 256-bit vectors. */
  static boolean vectorAvailable() {
    return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent() && VectorMicroKernel.supported();
  }

  /** The widest Vector API kernel the hardware prefers; call only when {@link #vectorAvailable()}. */
  static MicroKernel widestVectorKernel() {
    return Vector512MicroKernel.supported() ? new Vector512MicroKernel() : vector256Kernel();
  }

  /**
   * The 256-bit Vector API kernel for this JVM: the 6-row tile, or the 4-row one from JDK 25 on, whose JIT
   * spills the 6-row tile; call only when {@link #vectorAvailable()}.
   */
  static MicroKernel vector256Kernel() {
    return vector256Kernel(Runtime.version().feature());
  }

  /** The 256-bit kernel for a JDK of the given feature release. */
  static MicroKernel vector256Kernel(int jdk) {
    return jdk >= 25 ? new VectorFourRowMicroKernel() : new VectorMicroKernel();
  }

  /** Fails, naming the property and its value, unless the Vector API is available. */
  private static void requireVector(String kernels) {
    if (!vectorAvailable()) {
      throw new IllegalArgumentException(String.format(
          "%s: '%s' needs the Vector API with 256-bit vectors; run the JVM with --add-modules %s",
          KERNELS_PROPERTY, kernels, VECTOR_MODULE));
    }
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

  /** The outcome of reading the properties once (class initialization is lazy and thread-safe). */
  private static final class Configured {
    static final Kernels SETTING;
    static final IllegalArgumentException ERROR;

    static {
      Kernels setting = null;
      IllegalArgumentException error = null;
      try {
        setting = fromSystemProperties();
      } catch (IllegalArgumentException e) {
        error = e;
      }
      SETTING = setting;
      ERROR = error;
    }
  }
}
