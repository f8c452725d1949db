/**
 * The kernels: the loops beneath every op's forward (and so every backward), internal to the module.
 * Entry points are the public static methods of {@link dev.chainrule.autodiff.kernel.Elementwise},
 * {@link dev.chainrule.autodiff.kernel.Reductions}, {@link dev.chainrule.autodiff.kernel.MaxShares}, {@link dev.chainrule.autodiff.kernel.Movement} and
 * {@link dev.chainrule.autodiff.kernel.Patches}; matrix products are in {@code kernel.gemm}.
 *
 * <p>The contract every kernel keeps:
 * <ul>
 *   <li><b>Checked inputs.</b> The calling op's shape rule has validated shapes, dtypes and parameters;
 *       kernels check nothing and throw no argument errors. Operands of one call share a dtype, and
 *       elementwise operands share a shape.
 *   <li><b>Both dtypes.</b> Each loop is written twice, for {@code double[]} and {@code float[]}; a
 *       generic route costs 3-35× on memory-bound loops. The twins must stay token for token the same
 *       (up to the dtype). float32 loops compute in float32, except accumulations (sums, scatter-adds),
 *       which run in double and round once; matrix products accumulate in the operands' own precision,
 *       as BLAS does.
 *   <li><b>Broadcast views.</b> An operand may be a broadcast view ({@link
 *       dev.chainrule.autodiff.kernel.Storage#isView()}): elementwise loops and reductions read it in
 *       place through {@code Storage.source()} with {@code Walk}'s strides; other kernels read
 *       {@code f64()}/{@code f32()}, which write the view out once.
 *   <li><b>Fresh, immutable results.</b> A kernel allocates its output and never writes an input or an
 *       output once wrapped in a {@code Storage}.
 *   <li><b>Bit-exactness.</b> Every path of a kernel (flat, single value, odometer walk; any thread
 *       count; any micro-kernel) computes each element as the same sequence of roundings, so results do
 *       not depend on layout, views, threads or the Vector API (save the sign bit of a NaN, which the
 *       Vector API's float32 {@code exp}, logistic and {@code tanh} may flip).
 * </ul>
 */
package dev.chainrule.autodiff.kernel;
