package dev.chainrule.autodiff.op;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names the {@link OpCatalog} row a property's {@code @ForAll("op")} sample is drawn from. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@interface OpName {
  /** The row's name, e.g. {@code "exp"}. */
  String value();
}
