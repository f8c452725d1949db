/** Chainrule's neural-network layer: modules, layers, losses, optimizers, training and checkpoints. */
module dev.chainrule.nn {
  requires transitive dev.chainrule.autodiff;
  requires com.google.common;
  // optional: the terminal progress bar and the history chart; nn runs without them
  requires static me.tongfei.progressbar;
  requires static org.knowm.xchart;
  requires static java.desktop;

  exports dev.chainrule.nn;
  exports dev.chainrule.nn.layer;
  exports dev.chainrule.nn.io;
  exports dev.chainrule.nn.optim;
  exports dev.chainrule.nn.loss;
  exports dev.chainrule.nn.data;
  exports dev.chainrule.nn.train;
}
