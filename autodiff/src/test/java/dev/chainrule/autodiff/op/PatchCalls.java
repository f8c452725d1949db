package dev.chainrule.autodiff.op;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.testing.Domain;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Call generators for {@code unfold} and {@code fold} (im2col and col2im) on tiny images, with plain
 * references written from the definition: column entry {@code (n, (c·kH + i)·kW + j, y·outW + x)} is
 * pixel {@code (n, c, y·sH − pH + i·dH, x·sW − pW + j·dW)}, zero in the padding.
 */
final class PatchCalls {
  private static final int MAX_SIDE = 6;

  private PatchCalls() {}

  /**
   * A batch of images and the window slid over them.
   *
   * @param height image height without padding
   * @param width image width without padding
   */
  record Case(int batch, int channels, int height, int width, SlidingWindow window) {
    int outHeight() {
      return (int) window.outHeight(height);
    }

    int outWidth() {
      return (int) window.outWidth(width);
    }

    /** The images' shape {@code [N, C, H, W]}. */
    Shape images() {
      return Shape.of(batch, channels, height, width);
    }

    /** The columns' shape {@code [N, C·kH·kW, L]}. */
    Shape columns() {
      return Shape.of(batch, channels * window.kernelH() * window.kernelW(), outHeight() * outWidth());
    }

    @Override
    public String toString() {
      return "images " + images() + " " + window;
    }
  }

  /**
   * An image batch {@code x} and columns {@code y} of the same window, for the adjoint identity.
   *
   * @param window the window
   * @param x images
   * @param y columns
   */
  record AdjointPair(Case window, NdArray x, NdArray y) {}

  /**
   * Windows with N ≤ 2, C ≤ 3, kernel sides 1 to 3, strides 1 to 3, paddings 0 to 2, dilations 1 to 2
   * (each per axis; half the draws the same along both axes) and image sides up to 6.
   */
  static Arbitrary<Case> windows() {
    Arbitrary<Integer> upTo3 = Arbitraries.integers().between(1, 3);
    Arbitrary<Integer> upTo2 = Arbitraries.integers().between(0, 2);
    Arbitrary<Integer> dilation = Arbitraries.integers().between(1, 2);
    Arbitrary<SlidingWindow> general = Combinators.combine(upTo3, upTo3, upTo3, upTo3, upTo2, upTo2, dilation, dilation)
        .as(SlidingWindow::new);
    Arbitrary<SlidingWindow> square = Combinators.combine(upTo3, upTo3, upTo3, upTo2).as(SlidingWindow::of);
    return Combinators.combine(Arbitraries.integers().between(1, 2), upTo3, Arbitraries.oneOf(general, square))
        .flatAs((n, c, w) -> Combinators.combine(
                side(w.kernelH(), w.paddingH(), w.dilationH()), side(w.kernelW(), w.paddingW(), w.dilationW()))
            .as((h, width) -> new Case(n, c, h, width, w)));
  }

  /** {@code unfold} of random images. */
  static Arbitrary<OpCase.Call> unfold() {
    return windows().flatMap(w -> Generators.arrays(w.images(), Domain.standard()).map(x -> new OpCase.Call(
        w.toString(), List.of(x),
        xs -> xs.get(0).unfold(w.window()),
        xs -> unfoldReference(xs.get(0), w))));
  }

  /** {@code fold} of random columns. */
  static Arbitrary<OpCase.Call> fold() {
    return windows().flatMap(w -> Generators.arrays(w.columns(), Domain.standard()).map(y -> new OpCase.Call(
        w.toString(), List.of(y),
        ys -> ys.get(0).fold(w.height(), w.width(), w.window()),
        ys -> foldReference(ys.get(0), w))));
  }

  /** Random images and columns of one window. */
  static Arbitrary<AdjointPair> adjointPairs() {
    return windows().flatMap(w -> Combinators.combine(
            Generators.arrays(w.images(), Domain.standard()), Generators.arrays(w.columns(), Domain.standard()))
        .as((x, y) -> new AdjointPair(w, x, y)));
  }

  /** Image sides from the smallest the dilated kernel fits (with the padding) up to {@link #MAX_SIDE} + 2. */
  private static Arbitrary<Integer> side(int kernel, int padding, int dilation) {
    int span = dilation * (kernel - 1) + 1;
    return Arbitraries.integers().between(Math.max(1, span - 2 * padding), MAX_SIDE + 2);
  }

  /** Columns read pixel by pixel from the images, zeros in the padding. */
  static NdArray unfoldReference(NdArray x, Case w) {
    Shape shape = w.columns();
    double[] out = new double[shape.size()];
    for (int n = 0; n < w.batch(); n++) {
      for (int c = 0; c < w.channels(); c++) {
        for (int i = 0; i < w.window().kernelH(); i++) {
          for (int j = 0; j < w.window().kernelW(); j++) {
            for (int y = 0; y < w.outHeight(); y++) {
              for (int z = 0; z < w.outWidth(); z++) {
                SlidingWindow s = w.window();
                int row = y * s.strideH() - s.paddingH() + i * s.dilationH();
                int col = z * s.strideW() - s.paddingW() + j * s.dilationW();
                boolean inside = row >= 0 && row < w.height() && col >= 0 && col < w.width();
                out[columnPosition(w, n, c, i, j, y, z)] = inside ? x.get(n, c, row, col) : 0;
              }
            }
          }
        }
      }
    }
    return NdArray.of(shape, out);
  }

  /** Images whose pixels add up every column entry copied from them; entries in the padding dropped. */
  static NdArray foldReference(NdArray columns, Case w) {
    Shape shape = w.images();
    double[] out = new double[shape.size()];
    for (int n = 0; n < w.batch(); n++) {
      for (int c = 0; c < w.channels(); c++) {
        for (int i = 0; i < w.window().kernelH(); i++) {
          for (int j = 0; j < w.window().kernelW(); j++) {
            for (int y = 0; y < w.outHeight(); y++) {
              for (int z = 0; z < w.outWidth(); z++) {
                SlidingWindow s = w.window();
                int row = y * s.strideH() - s.paddingH() + i * s.dilationH();
                int col = z * s.strideW() - s.paddingW() + j * s.dilationW();
                if (row >= 0 && row < w.height() && col >= 0 && col < w.width()) {
                  out[((n * w.channels() + c) * w.height() + row) * w.width() + col] +=
                      columns.getFlat(columnPosition(w, n, c, i, j, y, z));
                }
              }
            }
          }
        }
      }
    }
    return NdArray.of(shape, out);
  }

  private static int columnPosition(Case w, int n, int c, int i, int j, int y, int z) {
    int patchRow = (c * w.window().kernelH() + i) * w.window().kernelW() + j;
    int patch = y * w.outWidth() + z;
    return (n * w.channels() * w.window().kernelH() * w.window().kernelW() + patchRow) * w.outHeight() * w.outWidth() + patch;
  }
}
