package dev.chainrule.autodiff.kernel.gemm;

/**
 * A rectangle of one matrix of {@code C}, the unit of work one thread takes: rows
 * {@code [rowFrom, rowTo)} and columns {@code [columnFrom, columnTo)} of matrix {@code matrix} of the batch.
 */
record Chunk(int matrix, int rowFrom, int rowTo, int columnFrom, int columnTo) {}
