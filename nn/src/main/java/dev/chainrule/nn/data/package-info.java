/**
 * In-memory datasets and the {@link dev.chainrule.nn.data.DataLoader} that cuts them into (optionally shuffled, seeded) batches.
 */
package dev.chainrule.nn.data;
