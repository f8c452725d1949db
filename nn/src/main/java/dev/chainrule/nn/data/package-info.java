/**
 * In-memory datasets and the {@link dev.chainrule.nn.data.DataLoader} that cuts them into (optionally shuffled, seeded) batches, with seeded {@link dev.chainrule.nn.data.Transform}s such as the image augmentations of {@link dev.chainrule.nn.data.Augment}; for text, a character {@link dev.chainrule.nn.data.Vocabulary}, next-token {@link dev.chainrule.nn.data.TokenWindows} and a {@link dev.chainrule.nn.data.TokenSampler} for generation.
 */
package dev.chainrule.nn.data;
