package dev.chainrule.spark;

import dev.chainrule.nn.Module;
import dev.chainrule.nn.train.History;

/**
 * What training returns: the trained model, on the driver, and what each epoch measured.
 *
 * @param model the model with the trained parameters and buffers
 * @param history one record per epoch, and why training stopped
 */
public record Fitted(Module model, History history) {}
