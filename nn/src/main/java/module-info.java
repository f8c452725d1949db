/**
 * Chainrule's neural-network layer: modules, layers, losses and optimizers built on autodiff. Its
 * packages arrive with the nn issue; until then the module only declares its dependency.
 */
module dev.chainrule.nn {
  requires transitive dev.chainrule.autodiff;
}
