package dev.chainrule.autodiff.op;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chainrule.autodiff.Autodiff;
import dev.chainrule.autodiff.Tensor;
import dev.chainrule.autodiff.array.DType;
import dev.chainrule.autodiff.array.NdArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * vmap for every row of the op table, in float64: mapping an op over a batch equals applying it to each
 * member and stacking the results, for random batched subsets of the inputs, random input and output
 * axes, nested vmaps, and composed with reverse mode (per-member gradients) and forward mode. The members
 * are the row's inputs scaled by {@code 1 + 0.05·b}, which keeps them inside the row's domain (positive,
 * off kinks, without ties).
 */
class VmapPropertiesTest {
  private static final int BATCH = 3;
  /** The batched kernels may sum in another order than the per-member ones (matmul's blocking): nothing more. */
  private static final double TOLERANCE = 1e-12;

  @Property(tries = 300)
  void everyRowsVmapEqualsStackingItsMembers(@ForAll("anyRow") OpCase.Sample sample, @ForAll long seed) {
    OpCase.Call call = sample.call();
    Random random = new Random(seed);
    Batching batching = Batching.draw(sample, random);
    Function<List<Tensor>, List<Tensor>> f = xs -> List.of(call.op().apply(xs));
    check(sample, f, batching, random);
  }

  @Property(tries = 200)
  void everyRowsPerMemberGradientsEqualTheLoop(@ForAll("differentiableRow") OpCase.Sample sample, @ForAll long seed) {
    OpCase.Call call = sample.call();
    Random random = new Random(seed);
    NdArray out = call.op().apply(constants(call.inputs())).value();
    Tensor cotangent = Tensor.of(NdArray.uniform(out.shape(), DType.FLOAT64, -1, 1, random));
    Function<List<Tensor>, List<Tensor>> gradients = xs -> {
      List<Tensor> leaves = new ArrayList<>();
      xs.forEach(x -> leaves.add(x.requiresGrad()));
      Tensor loss = call.op().apply(leaves).mul(cotangent).sum();
      return Autodiff.grad(loss, leaves).asList();
    };
    check(sample, gradients, Batching.draw(sample, random), random);
  }

  @Property(tries = 150)
  void everyRowsTangentsEqualTheLoop(@ForAll("differentiableRow") OpCase.Sample sample, @ForAll long seed) {
    OpCase.Call call = sample.call();
    Random random = new Random(seed);
    int n = call.inputs().size();
    List<NdArray> tangents = new ArrayList<>();
    call.inputs().forEach(x -> tangents.add(NdArray.uniform(x.shape(), DType.FLOAT64, -1, 1, random)));
    // arguments: the primals, then their tangents (fixed over the batch)
    Function<List<Tensor>, List<Tensor>> jvp =
        xs -> List.of(Autodiff.jvp(call.op(), xs.subList(0, n), xs.subList(n, 2 * n)).tangent());
    List<NdArray> all = new ArrayList<>(call.inputs());
    all.addAll(tangents);
    Batching primals = Batching.draw(sample, random);
    List<Integer> axes = new ArrayList<>(primals.inAxes);
    axes.addAll(Collections.nCopies(n, null));
    check(sample, jvp, new Batching(all, axes), random);
  }

  @Property(tries = 150)
  void everyRowsNestedVmapEqualsTheDoubleLoop(@ForAll("anyRow") OpCase.Sample sample, @ForAll long seed) {
    OpCase.Call call = sample.call();
    Assume.that(!Batching.readsItsValue(sample, 1)); // every input varies over the outer batch here
    Random random = new Random(seed);
    Batching inner = Batching.draw(sample, random);
    int outer = 2;
    // every input varies over the outer batch (axis 0); the inner vmap batches a random subset of them
    List<Tensor> args = new ArrayList<>();
    for (int i = 0; i < call.inputs().size(); i++) {
      List<Tensor> rows = new ArrayList<>();
      for (int a = 0; a < outer; a++) {
        rows.add(inner.argument(i, scaled(call.inputs().get(i), 1 - 0.03 * a)));
      }
      args.add(Tensor.stack(0, rows.toArray(new Tensor[0])));
    }
    Function<List<Tensor>, List<Tensor>> innerMap =
        Autodiff.vmap(xs -> List.of(call.op().apply(xs)), inner.inAxes, List.of(0));
    Function<List<Tensor>, List<Tensor>> outerMap =
        Autodiff.vmap(innerMap, Collections.nCopies(args.size(), 0), List.of(0));
    NdArray actual = outerMap.apply(args).get(0).value();

    List<Tensor> expected = new ArrayList<>();
    for (int a = 0; a < outer; a++) {
      List<Tensor> members = new ArrayList<>();
      for (int b = 0; b < BATCH; b++) {
        List<Tensor> xs = new ArrayList<>();
        for (int i = 0; i < call.inputs().size(); i++) {
          NdArray x = scaled(call.inputs().get(i), 1 - 0.03 * a);
          xs.add(Tensor.of(inner.inAxes.get(i) == null ? x : Batching.member(x, b)));
        }
        members.add(call.op().apply(xs));
      }
      expected.add(Tensor.stack(0, members.toArray(new Tensor[0])));
    }
    NdArray want = Tensor.stack(0, expected.toArray(new Tensor[0])).value();
    assertEquals(want.shape(), actual.shape(), sample.row().name() + ": shape");
    OpChecks.assertClose(want, actual, TOLERANCE, sample.row().name() + ": nested vmap " + inner.inAxes);
  }

  @Provide
  Arbitrary<OpCase.Sample> anyRow() {
    return Arbitraries.of(OpCatalog.rows()).flatMap(OpCase::samples);
  }

  @Provide
  Arbitrary<OpCase.Sample> differentiableRow() {
    return Arbitraries.of(OpCatalog.rows()).filter(row -> row.kind() != OpCase.Kind.CONSTANT).flatMap(OpCase::samples);
  }

  /** vmap of {@code f} over {@code batching}, with random output axes, against the loop over the members. */
  private static void check(OpCase.Sample sample, Function<List<Tensor>, List<Tensor>> f, Batching batching,
      Random random) {
    List<List<Tensor>> perMember = new ArrayList<>();
    for (int b = 0; b < BATCH; b++) {
      perMember.add(f.apply(batching.members(b)));
    }
    List<Integer> outAxes = new ArrayList<>();
    for (Tensor out : perMember.get(0)) {
      outAxes.add(random.nextInt(out.shape().rank() + 1));
    }
    List<Tensor> actual = Autodiff.vmap(f, batching.inAxes, outAxes).apply(batching.arguments());
    assertEquals(perMember.get(0).size(), actual.size(), "outputs");
    for (int k = 0; k < actual.size(); k++) {
      Tensor[] column = new Tensor[BATCH];
      for (int b = 0; b < BATCH; b++) {
        column[b] = perMember.get(b).get(k);
      }
      NdArray expected = Tensor.stack(outAxes.get(k), column).value();
      String what = String.format("%s: output %s, input axes %s, output axis %s, %s", sample.row().name(), k,
          batching.inAxes, outAxes.get(k), sample.call().parameters());
      assertTrue(!actual.get(k).isBatched(), what + ": still batched");
      assertEquals(expected.shape(), actual.get(k).shape(), what);
      OpChecks.assertClose(expected, actual.get(k).value(), TOLERANCE, what);
    }
  }

  /** Which inputs vary over the batch, and along which axis each is passed. */
  private record Batching(List<NdArray> inputs, List<Integer> inAxes) {
    static Batching draw(OpCase.Sample sample, Random random) {
      List<NdArray> inputs = sample.call().inputs();
      List<Integer> axes = new ArrayList<>();
      int first = random.nextInt(inputs.size()); // at least one input is batched
      first = readsItsValue(sample, first) ? 0 : first;
      for (int i = 0; i < inputs.size(); i++) {
        boolean batched = !readsItsValue(sample, i) && (i == first || random.nextBoolean());
        axes.add(batched ? random.nextInt(inputs.get(i).shape().rank() + 1) : null);
      }
      return new Batching(inputs, Collections.unmodifiableList(axes));
    }

    /**
     * Whether the row reads input {@code i} as a number ({@code item()}): a parameter of the op, which
     * cannot vary over a batch (vmap refuses it, as it should).
     */
    static boolean readsItsValue(OpCase.Sample sample, int i) {
      return i == 1 && sample.call().parameters().contains("as a double");
    }

    /** Member {@code b} of a batched input. */
    static NdArray member(NdArray x, int b) {
      return scaled(x, 1 + 0.05 * b);
    }

    /** The inputs of member {@code b}. */
    List<Tensor> members(int b) {
      List<Tensor> xs = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        xs.add(Tensor.of(inAxes.get(i) == null ? inputs.get(i) : member(inputs.get(i), b)));
      }
      return xs;
    }

    /** Input {@code i} of value {@code x} as vmap takes it: its members stacked along its axis, or itself. */
    Tensor argument(int i, NdArray x) {
      Integer axis = inAxes.get(i);
      if (axis == null) {
        return Tensor.of(x);
      }
      Tensor[] members = new Tensor[BATCH];
      for (int b = 0; b < BATCH; b++) {
        members[b] = Tensor.of(member(x, b));
      }
      return Tensor.stack(axis, members);
    }

    List<Tensor> arguments() {
      List<Tensor> args = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        args.add(argument(i, inputs.get(i)));
      }
      return args;
    }
  }

  private static NdArray scaled(NdArray x, double factor) {
    return x.map(v -> v * factor);
  }

  private static List<Tensor> constants(List<NdArray> xs) {
    return Arrays.asList(xs.stream().map(Tensor::of).toArray(Tensor[]::new));
  }
}
