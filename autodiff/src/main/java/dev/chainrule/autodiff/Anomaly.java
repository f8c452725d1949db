package dev.chainrule.autodiff;

import dev.chainrule.autodiff.array.NdArray;
import dev.chainrule.autodiff.kernel.Storage;
import dev.chainrule.autodiff.op.Grads;
import dev.chainrule.autodiff.op.Needed;
import dev.chainrule.autodiff.op.Op;
import java.util.Iterator;
import java.util.StringJoiner;

/**
 * Anomaly detection (see {@link Autodiff#detectAnomaly()}): where a node was created, and the checks that
 * blame the first op that turns finite values into NaN or an infinity. An op whose inputs (or, in
 * backward, whose incoming gradient, inputs or output) already hold one is not blamed: the check names
 * the op where the first non-finite value appeared, not every op it flows through.
 */
final class Anomaly {
  private static final StackWalker WALKER = StackWalker.getInstance();

  private Anomaly() {}

  /** Where a node was created: the first frame outside the library, and the innermost nn frame, if any. */
  record Site(StackWalker.StackFrame caller, StackWalker.StackFrame layer) {
    @Override
    public String toString() {
      String at = caller == null ? "an unknown place" : caller.toStackTraceElement().toString();
      return layer == null ? at : at + " (through " + layer.toStackTraceElement() + ")";
    }
  }

  /** The creation site of a node made now on this thread. */
  private static Site site() {
    return WALKER.walk(frames -> {
      StackWalker.StackFrame layer = null;
      for (Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext(); ) {
        StackWalker.StackFrame frame = it.next();
        boolean inNn = frame.getClassName().startsWith("dev.chainrule.nn.");
        if (!inNn && !frame.getClassName().startsWith("dev.chainrule.autodiff.")) {
          return new Site(frame, layer);
        }
        layer = layer == null && inNn ? frame : layer;
      }
      return new Site(null, layer);
    });
  }

  /** The site of the node {@code op} makes now; throws when its forward returned NaN or ±Inf from finite inputs. */
  static Site checkForward(Op op, Tensor[] inputs, NdArray out) {
    Site site = site();
    String found = out == null ? null : nonFinite(out); // a batched output: its physical op was checked
    if (found != null && !anyNonFinite(inputs)) {
      throw new AnomalyException(String.format(
          "%s: forward returned %s from finite inputs; got inputs %s, created at %s", op.name(), found,
          describe(inputs), site));
    }
    return site;
  }

  /** Throws when {@code op}'s backward returned NaN or an infinity as a needed input's gradient from finite values. */
  static void checkBackward(Op op, Grads grads, Needed needed, Tensor grad, Tensor[] inputs, Tensor out) {
    for (int k = 0; k < inputs.length; k++) {
      String found = needed.get(k) && grads.has(k) ? nonFinite(data(grads.get(k))) : null;
      if (found != null && nonFinite(data(grad)) == null && nonFinite(data(out)) == null && !anyNonFinite(inputs)) {
        throw new AnomalyException(String.format(
            "%s: backward returned %s in the gradient of input %s from a finite grad; got grad %s%s for inputs %s,"
                + " created at %s", op.name(), found, k, grad.dtype(), grad.shape(), describe(inputs),
            out.site() != null ? out.site() : "a place not recorded (the graph was built outside detectAnomaly())"));
      }
    }
  }

  private static boolean anyNonFinite(Tensor[] tensors) {
    for (Tensor t : tensors) {
      if (nonFinite(data(t)) != null) {
        return true;
      }
    }
    return false;
  }

  /** The array behind {@code t}: its value, or, when it is batched, its physical value's (batch axes first). */
  private static NdArray data(Tensor t) {
    Tensor physical = t;
    while (physical.batched() != null) {
      physical = physical.batched().physical();
    }
    return physical.value();
  }

  /** "NaN" when {@code a} holds a NaN, else "Inf" when it holds an infinity, else null. */
  private static String nonFinite(NdArray a) {
    Storage storage = a.storage();
    boolean infinite = false;
    for (int i = 0; i < storage.size(); i++) {
      double v = storage.get(i);
      if (Double.isNaN(v)) {
        return "NaN";
      }
      infinite |= Double.isInfinite(v);
    }
    return infinite ? "Inf" : null;
  }

  /** E.g. {@code (float64[2, 3], float64[3])}. */
  private static String describe(Tensor[] inputs) {
    StringJoiner joiner = new StringJoiner(", ", "(", ")");
    for (Tensor t : inputs) {
      joiner.add(t.dtype() + "" + t.shape());
    }
    return joiner.toString();
  }
}
