/**
 * The building blocks of models: {@link dev.chainrule.nn.Module} (a function with named, hierarchical parameters), {@link dev.chainrule.nn.Parameter} and {@link dev.chainrule.nn.Buffer} (the only mutable values), {@link dev.chainrule.nn.Sequential}, the thread-confined training/evaluation {@link dev.chainrule.nn.Mode}, initialisers and functional calls.
 */
package dev.chainrule.nn;
