/**
 * The training loop ({@link dev.chainrule.nn.train.Trainer}) with its stopping criteria, metrics, listeners and per-epoch history.
 */
package dev.chainrule.nn.train;
