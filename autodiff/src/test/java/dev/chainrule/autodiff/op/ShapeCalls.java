package dev.chainrule.autodiff.op;

import static dev.chainrule.autodiff.op.Generators.normalize;

import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.array.Shape;
import dev.chainrule.autodiff.testing.Domain;
import dev.chainrule.autodiff.testing.TensorArbitraries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Call generators for the shape ops, which move elements without arithmetic. */
final class ShapeCalls {
  private ShapeCalls() {}

  /** {@code reshape} to a random shape of equal size, half the time with the last dimension inferred (-1). */
  static Arbitrary<OpCase.Call> reshape() {
    Arbitrary<Boolean> infer = Arbitraries.of(true, false);
    return standard().flatMap(x -> Combinators.combine(Arbitraries.of(shapesOfSize(x.size())), infer)
        .as((target, inferLast) -> {
          int[] written = target.clone();
          if (inferLast && written.length > 0) {
            written[written.length - 1] = -1;
          }
          return call("to " + Arrays.toString(written), x, t -> t.reshape(written), r -> LayoutReference.reshape(r, target));
        }));
  }

  /** {@code flatten} to a vector. */
  static Arbitrary<OpCase.Call> flatten() {
    return standard().map(x -> call("", x, Tensor::flatten, r -> LayoutReference.reshape(r, new int[] {r.size()})));
  }

  /** {@code permute} by a random order of up to three axes, each possibly written negatively. */
  static Arbitrary<OpCase.Call> permute() {
    return upToRank3().flatMap(x -> Generators.allAxes(x.rank()).map(order -> call(
        "order " + Arrays.toString(order), x, t -> t.permute(order),
        r -> LayoutReference.permute(r, Arrays.stream(order).map(a -> normalize(a, r.rank())).toArray()))));
  }

  /** {@code transpose()}: the last two axes swapped, on rank 2 and 3. */
  static Arbitrary<OpCase.Call> transposeLastTwo() {
    return Arbitraries.integers().between(2, 3)
        .flatMap(rank -> TensorArbitraries.shapesOfRank(rank, 3))
        .flatMap(s -> Generators.arrays(s, Domain.standard()))
        .map(x -> call(
            "", x, Tensor::transpose, r -> LayoutReference.permute(r, swap(r.rank(), r.rank() - 2, r.rank() - 1))));
  }

  /** {@code transpose(a, b)} for any two axes (possibly equal). */
  static Arbitrary<OpCase.Call> transposeAxes() {
    return upToRank3().filter(x -> x.rank() > 0)
        .flatMap(x -> Combinators.combine(Generators.axis(x.rank()), Generators.axis(x.rank())).as((a, b) -> call(
            "axes " + a + ", " + b, x, t -> t.transpose(a, b),
            r -> LayoutReference.permute(r, swap(r.rank(), normalize(a, r.rank()), normalize(b, r.rank()))))));
  }

  /** {@code broadcastTo} a shape of up to three axes that the input broadcasts to. */
  static Arbitrary<OpCase.Call> broadcastTo() {
    return TensorArbitraries.shapes(3, 3).flatMap(full -> Generators.broadcastingTo(full)
        .flatMap(s -> Generators.arrays(s, Domain.standard()))
        .map(x -> call("to " + full, x, t -> t.broadcastTo(full), r -> LayoutReference.broadcastTo(r, full.toArray()))));
  }

  /** {@code sumTo} a shape that broadcasts to the input's: the adjoint of broadcastTo. */
  static Arbitrary<OpCase.Call> sumTo() {
    return TensorArbitraries.shapes(3, 3).flatMap(full -> Combinators.combine(
            Generators.arrays(full, Domain.standard()), Generators.broadcastingTo(full))
        .as((x, target) -> call("to " + target, x, t -> t.sumTo(target), r -> LayoutReference.sumTo(r, target.toArray()))));
  }

  /** {@code squeeze} of an extent-1 axis inserted anywhere in a random shape. */
  static Arbitrary<OpCase.Call> squeeze() {
    return Generators.shapes().flatMap(s -> Arbitraries.integers().between(0, s.rank()).flatMap(at -> {
      Shape withOne = Shape.of(RowMajor.insert(s.toArray(), at, 1));
      Arbitrary<Integer> written = Arbitraries.of(at, at - withOne.rank());
      return Combinators.combine(Generators.arrays(withOne, Domain.standard()), written).as((x, axis) -> call(
          "axis " + axis, x, t -> t.squeeze(axis), r -> LayoutReference.reshape(r, s.toArray())));
    }));
  }

  /** {@code unsqueeze} at any position from {@code -(rank + 1)} to {@code rank}. */
  static Arbitrary<OpCase.Call> unsqueeze() {
    return standard().flatMap(x -> Arbitraries.integers().between(-x.rank() - 1, x.rank()).map(axis -> {
      int[] target = RowMajor.insert(x.shape().toArray(), axis < 0 ? axis + x.rank() + 1 : axis, 1);
      return call("axis " + axis, x, t -> t.unsqueeze(axis), r -> LayoutReference.reshape(r, target));
    }));
  }

  /** {@code slice(axis, start, end)}, empty ranges included. */
  static Arbitrary<OpCase.Call> slice() {
    return withAxis((x, axis, extent) -> Arbitraries.integers().between(0, extent)
        .flatMap(start -> Arbitraries.integers().between(start, extent).map(end -> call(
            "axis " + axis + " [" + start + ", " + end + ")", x, t -> t.slice(axis, start, end),
            r -> LayoutReference.slice(r, normalize(axis, r.rank()), start, end)))));
  }

  /** {@code pad(axis, before, after)} with up to two zeros on each side. */
  static Arbitrary<OpCase.Call> pad() {
    Arbitrary<Integer> count = Arbitraries.integers().between(0, 2);
    return withAxis((x, axis, extent) -> Combinators.combine(count, count).as((before, after) -> call(
        "axis " + axis + " before " + before + " after " + after, x, t -> t.pad(axis, before, after),
        r -> LayoutReference.pad(r, normalize(axis, r.rank()), before, after))));
  }

  /** {@code indexSelect} with up to six indices, repeats (and none at all) included. */
  static Arbitrary<OpCase.Call> indexSelect() {
    return withAxis((x, axis, extent) -> indices(0, 6, extent).map(indices -> call(
        "axis " + axis + " indices " + Arrays.toString(indices), x, t -> t.indexSelect(axis, indices),
        r -> LayoutReference.indexSelect(r, normalize(axis, r.rank()), indices))));
  }

  /** {@code indexAdd} into a random size, with repeated targets. */
  static Arbitrary<OpCase.Call> indexAdd() {
    return withAxis((x, axis, extent) -> Arbitraries.integers().between(1, 5)
        .flatMap(size -> indices(extent, extent, size).map(indices -> call(
            "axis " + axis + " size " + size + " indices " + Arrays.toString(indices), x,
            t -> t.indexAdd(axis, size, indices),
            r -> LayoutReference.indexAdd(r, normalize(axis, r.rank()), size, indices)))));
  }

  /** {@code gather} with per-element indices (repeats allowed) and 1 to 4 picks along the axis. */
  static Arbitrary<OpCase.Call> gather() {
    return withAxis((x, axis, extent) -> Arbitraries.integers().between(1, 4).flatMap(k -> {
      dev.chainrule.autodiff.array.Shape picks = x.shape().withDim(axis, k);
      return indices(picks.size(), picks.size(), extent).map(idx -> {
        NdArray index = NdArray.of(picks, Arrays.stream(idx).asDoubleStream().toArray());
        return call("axis " + axis + " indices " + Arrays.toString(idx), x, t -> t.gather(axis, index),
            r -> LayoutReference.gather(r, normalize(axis, r.rank()), index));
      });
    }));
  }

  /** {@code scatterAdd} into 1 to 4 positions along the axis, with repeated targets. */
  static Arbitrary<OpCase.Call> scatterAdd() {
    return withAxis((x, axis, extent) -> Arbitraries.integers().between(1, 4).flatMap(size ->
        indices(x.size(), x.size(), size).map(idx -> {
          NdArray index = NdArray.of(x.shape(), Arrays.stream(idx).asDoubleStream().toArray());
          dev.chainrule.autodiff.array.Shape target = x.shape().withDim(axis, size);
          return call("axis " + axis + " size " + size + " indices " + Arrays.toString(idx), x,
              t -> t.scatterAdd(axis, index, target),
              r -> LayoutReference.scatterAdd(r, normalize(axis, r.rank()), index, target));
        })));
  }

  /** {@code Tensor.concat} of one to three parts differing in extent along the axis. */
  static Arbitrary<OpCase.Call> concat() {
    return Generators.shapesWithAxes(Generators.MAX_RANK, 3).flatMap(s -> Generators.axis(s.rank()).flatMap(axis -> {
      Arbitrary<NdArray> part = Arbitraries.integers().between(1, 3)
          .flatMap(n -> Generators.arrays(s.withDim(axis, n), Domain.standard()));
      return part.list().ofMinSize(1).ofMaxSize(3).map(parts -> new OpCase.Call(
          "axis " + axis, parts, xs -> Tensor.concat(axis, xs.toArray(new Tensor[0])),
          xs -> LayoutReference.concat(xs, normalize(axis, s.rank()))));
    }));
  }

  /** {@code Tensor.stack} of one to three equal-shaped parts along a new axis. */
  static Arbitrary<OpCase.Call> stack() {
    return TensorArbitraries.shapes(Generators.MAX_RANK, 3).flatMap(s -> Combinators.combine(
            Generators.arrays(s, Domain.standard()).list().ofMinSize(1).ofMaxSize(3),
            Arbitraries.integers().between(-s.rank() - 1, s.rank()))
        .as((parts, axis) -> new OpCase.Call(
            "axis " + axis, parts, xs -> Tensor.stack(axis, xs.toArray(new Tensor[0])),
            xs -> LayoutReference.stack(xs, axis < 0 ? axis + s.rank() + 1 : axis))));
  }

  /** {@code to(FLOAT32)} and back: both casts, with the value rounded to float32 on the way. */
  static Arbitrary<OpCase.Call> castToFloat32AndBack() {
    return standard().map(x -> call(
        "", x, t -> t.to(DType.FLOAT32).to(DType.FLOAT64), r -> Reference.map(r, v -> (float) v)));
  }

  /** Draws a call given an input, an axis as written (maybe negative) and that axis's extent. */
  private interface AxisCall {
    Arbitrary<OpCase.Call> draw(NdArray x, int axis, int extent);
  }

  private static Arbitrary<OpCase.Call> withAxis(AxisCall calls) {
    return Generators.shapesWithAxes(Generators.MAX_RANK, Generators.MAX_DIM)
        .flatMap(s -> Generators.arrays(s, Domain.standard()))
        .flatMap(x -> Generators.axis(x.rank()).flatMap(axis -> calls.draw(x, axis, x.shape().dim(axis))));
  }

  private static OpCase.Call call(
      String parameters, NdArray x, UnaryOperator<Tensor> op, UnaryOperator<NdArray> reference) {
    return new OpCase.Call(parameters, List.of(x), xs -> op.apply(xs.get(0)), xs -> reference.apply(xs.get(0)));
  }

  private static Arbitrary<NdArray> standard() {
    return Generators.arrays(Domain.standard());
  }

  /** Arrays of rank 0 to 3 with dims up to 3, for ops whose interest grows with the rank. */
  private static Arbitrary<NdArray> upToRank3() {
    return TensorArbitraries.arrays(3, 3, Domain.standard());
  }

  private static Arbitrary<int[]> indices(int minCount, int maxCount, int bound) {
    return Arbitraries.integers().between(0, bound - 1).list().ofMinSize(minCount).ofMaxSize(maxCount)
        .map(list -> list.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Every shape of rank 1 to 3 with {@code size} elements, and the scalar shape when {@code size} is 1. */
  private static List<int[]> shapesOfSize(int size) {
    List<int[]> out = new ArrayList<>();
    out.add(new int[] {size});
    for (int a = 1; a <= size; a++) {
      if (size % a == 0) {
        out.add(new int[] {a, size / a});
      }
      for (int b = 1; a * b <= size; b++) {
        if (size % (a * b) == 0) {
          out.add(new int[] {a, b, size / (a * b)});
        }
      }
    }
    if (size == 1) {
      out.add(new int[0]);
    }
    return out;
  }

  private static int[] swap(int rank, int a, int b) {
    int[] order = IntStream.range(0, rank).toArray();
    order[a] = b;
    order[b] = a;
    return order;
  }
}
