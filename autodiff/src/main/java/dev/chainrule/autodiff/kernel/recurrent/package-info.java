/**
 * The LSTM's steps on arrays ({@link dev.chainrule.autodiff.kernel.recurrent.LstmCells}): exported to
 * {@code dev.chainrule.nn} alone, for its one-op LSTM layer, and not part of the public API.
 */
package dev.chainrule.autodiff.kernel.recurrent;
