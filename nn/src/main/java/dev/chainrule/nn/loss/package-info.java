/**
 * Losses from predictions and targets to a scalar, all refusing to broadcast mismatched shapes; the entry type is {@link dev.chainrule.nn.loss.Loss}.
 */
package dev.chainrule.nn.loss;
