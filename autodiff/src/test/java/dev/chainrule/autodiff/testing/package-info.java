/**
 * Test support shipped in the autodiff test-jar: jqwik generators ({@link
 * dev.chainrule.autodiff.testing.TensorArbitraries}) and sampling domains ({@link
 * dev.chainrule.autodiff.testing.Domain}) for checking ops, including users' custom ops, against
 * finite differences with {@code GradCheck}.
 */
package dev.chainrule.autodiff.testing;
