/**
 * Optimizers, learning-rate schedules and gradient clipping. {@link dev.chainrule.nn.optim.Optimizer} is
 * the entry point and the one place optimizer state changes: it pairs an immutable
 * {@link dev.chainrule.nn.optim.UpdateRule} ({@link dev.chainrule.nn.optim.Sgd},
 * {@link dev.chainrule.nn.optim.Adam}, {@link dev.chainrule.nn.optim.AdamW},
 * {@link dev.chainrule.nn.optim.RmsProp}, {@link dev.chainrule.nn.optim.Adagrad}) with the parameters
 * it trains, the per-parameter state the rule needs, an optional
 * {@link dev.chainrule.nn.optim.GradientClipping} and the current learning rate, which a
 * {@link dev.chainrule.nn.optim.LearningRateSchedule} or {@link dev.chainrule.nn.optim.ReduceOnPlateau}
 * may change between steps.
 */
package dev.chainrule.nn.optim;
