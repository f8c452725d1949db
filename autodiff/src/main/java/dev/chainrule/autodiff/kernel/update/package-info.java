/**
 * Optimizer updates fused into one pass over a parameter ({@link
 * dev.chainrule.autodiff.kernel.update.FusedUpdates}): exported to {@code dev.chainrule.nn} alone, for its
 * update rules, and not part of the public API.
 */
package dev.chainrule.autodiff.kernel.update;
