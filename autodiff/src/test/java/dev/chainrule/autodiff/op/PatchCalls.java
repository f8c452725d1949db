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
 * pixel {@code (n, c, y·stride − padding + i, x·stride − padding + j)}, zero in the padding.
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
  record Window(int batch, int channels, int height, int width, int kernelH, int kernelW, int stride, int padding) {
    int outHeight() {
      return (height + 2 * padding - kernelH) / stride + 1;
    }

    int outWidth() {
      return (width + 2 * padding - kernelW) / stride + 1;
    }

    /** The images' shape {@code [N, C, H, W]}. */
    Shape images() {
      return Shape.of(batch, channels, height, width);
    }

    /** The columns' shape {@code [N, C·kH·kW, L]}. */
    Shape columns() {
      return Shape.of(batch, channels * kernelH * kernelW, outHeight() * outWidth());
    }

    @Override
    public String toString() {
      return "images " + images() + " kernel " + kernelH + "x" + kernelW + " stride " + stride + " padding " + padding;
    }
  }

  /**
   * An image batch {@code x} and columns {@code y} of the same window, for the adjoint identity.
   *
   * @param window the window
   * @param x images
   * @param y columns
   */
  record AdjointPair(Window window, NdArray x, NdArray y) {}

  /** Windows with N ≤ 2, C ≤ 3, kernel sides 1 to 3, stride 1 to 3, padding 0 to 2 and image sides up to 6. */
  static Arbitrary<Window> windows() {
    Arbitrary<Integer> upTo3 = Arbitraries.integers().between(1, 3);
    return Combinators.combine(
            Arbitraries.integers().between(1, 2), upTo3, upTo3, upTo3, upTo3, Arbitraries.integers().between(0, 2))
        .as(List::of)
        .flatMap(p -> Combinators.combine(side(p.get(2), p.get(5)), side(p.get(3), p.get(5))).as((h, w) ->
            new Window(p.get(0), p.get(1), h, w, p.get(2), p.get(3), p.get(4), p.get(5))));
  }

  /** {@code unfold} of random images. */
  static Arbitrary<OpCase.Call> unfold() {
    return windows().flatMap(w -> Generators.arrays(w.images(), Domain.standard()).map(x -> new OpCase.Call(
        w.toString(), List.of(x),
        xs -> xs.get(0).unfold(w.kernelH(), w.kernelW(), w.stride(), w.padding()),
        xs -> unfoldReference(xs.get(0), w))));
  }

  /** {@code fold} of random columns. */
  static Arbitrary<OpCase.Call> fold() {
    return windows().flatMap(w -> Generators.arrays(w.columns(), Domain.standard()).map(y -> new OpCase.Call(
        w.toString(), List.of(y),
        ys -> ys.get(0).fold(w.height(), w.width(), w.kernelH(), w.kernelW(), w.stride(), w.padding()),
        ys -> foldReference(ys.get(0), w))));
  }

  /** Random images and columns of one window. */
  static Arbitrary<AdjointPair> adjointPairs() {
    return windows().flatMap(w -> Combinators.combine(
            Generators.arrays(w.images(), Domain.standard()), Generators.arrays(w.columns(), Domain.standard()))
        .as((x, y) -> new AdjointPair(w, x, y)));
  }

  /** Image sides from the smallest the kernel fits (with the padding) up to {@link #MAX_SIDE}. */
  private static Arbitrary<Integer> side(int kernel, int padding) {
    return Arbitraries.integers().between(Math.max(1, kernel - 2 * padding), MAX_SIDE);
  }

  /** Columns read pixel by pixel from the images, zeros in the padding. */
  static NdArray unfoldReference(NdArray x, Window w) {
    Shape shape = w.columns();
    double[] out = new double[shape.size()];
    for (int n = 0; n < w.batch(); n++) {
      for (int c = 0; c < w.channels(); c++) {
        for (int i = 0; i < w.kernelH(); i++) {
          for (int j = 0; j < w.kernelW(); j++) {
            for (int y = 0; y < w.outHeight(); y++) {
              for (int z = 0; z < w.outWidth(); z++) {
                int row = y * w.stride() - w.padding() + i;
                int col = z * w.stride() - w.padding() + j;
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
  static NdArray foldReference(NdArray columns, Window w) {
    Shape shape = w.images();
    double[] out = new double[shape.size()];
    for (int n = 0; n < w.batch(); n++) {
      for (int c = 0; c < w.channels(); c++) {
        for (int i = 0; i < w.kernelH(); i++) {
          for (int j = 0; j < w.kernelW(); j++) {
            for (int y = 0; y < w.outHeight(); y++) {
              for (int z = 0; z < w.outWidth(); z++) {
                int row = y * w.stride() - w.padding() + i;
                int col = z * w.stride() - w.padding() + j;
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

  private static int columnPosition(Window w, int n, int c, int i, int j, int y, int z) {
    int patchRow = (c * w.kernelH() + i) * w.kernelW() + j;
    int patch = y * w.outWidth() + z;
    return (n * w.channels() * w.kernelH() * w.kernelW() + patchRow) * w.outHeight() * w.outWidth() + patch;
  }
}
