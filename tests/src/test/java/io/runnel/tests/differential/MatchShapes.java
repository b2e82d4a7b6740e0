package io.runnel.tests.differential;

import io.runnel.tests.differential.MatchSyntax.Agg;
import io.runnel.tests.differential.MatchSyntax.Alt;
import io.runnel.tests.differential.MatchSyntax.Anchor;
import io.runnel.tests.differential.MatchSyntax.Bin;
import io.runnel.tests.differential.MatchSyntax.Classifier;
import io.runnel.tests.differential.MatchSyntax.Empty;
import io.runnel.tests.differential.MatchSyntax.Exclude;
import io.runnel.tests.differential.MatchSyntax.Expr;
import io.runnel.tests.differential.MatchSyntax.IsNull;
import io.runnel.tests.differential.MatchSyntax.MatchNumber;
import io.runnel.tests.differential.MatchSyntax.Nav;
import io.runnel.tests.differential.MatchSyntax.NavKind;
import io.runnel.tests.differential.MatchSyntax.Not;
import io.runnel.tests.differential.MatchSyntax.Pattern;
import io.runnel.tests.differential.MatchSyntax.Permute;
import io.runnel.tests.differential.MatchSyntax.Quantified;
import io.runnel.tests.differential.MatchSyntax.Semantics;
import io.runnel.tests.differential.MatchSyntax.Seq;
import io.runnel.tests.differential.MatchSyntax.Var;
import java.util.HashSet;
import java.util.Set;

/**
 * What a random case's pattern and expressions are like, for {@link RandomMatchCases}: which variables a
 * match must have and which may start it (so that a skip to a variable neither fails nor loops), whether
 * Runnel's matcher may meet exponentially many mappings of rows to variables, and the constructs a case uses,
 * for the run's tally.
 */
final class MatchShapes {
  private MatchShapes() {}

  /** Whether {@code p} quantifies a group (a quantifier over more than a variable). */
  static boolean groupQuantified(Pattern p) {
    if (p instanceof Quantified q) {
      return !(q.inner() instanceof Var) || groupQuantified(q.inner());
    } else if (p instanceof Seq s) {
      return s.parts().stream().anyMatch(MatchShapes::groupQuantified);
    } else if (p instanceof Alt a) {
      return a.alternatives().stream().anyMatch(MatchShapes::groupQuantified);
    } else if (p instanceof Permute permute) {
      return permute.parts().stream().anyMatch(MatchShapes::groupQuantified);
    } else if (p instanceof Exclude x) {
      return groupQuantified(x.inner());
    }
    return false;
  }

  /** Whether condition {@code e} reads rows of the match other than the row tested (FIRST, LAST, aggregates). */
  static boolean readsMatch(Expr e) {
    if (e instanceof Nav nav) {
      return nav.kind() == NavKind.FIRST || nav.kind() == NavKind.LAST || readsMatch(nav.arg());
    } else if (e instanceof Agg) {
      return true;
    } else if (e instanceof Bin bin) {
      return readsMatch(bin.left()) || readsMatch(bin.right());
    } else if (e instanceof Not not) {
      return readsMatch(not.e());
    } else if (e instanceof IsNull n) {
      return readsMatch(n.e());
    }
    return false;
  }

  /** The variables that may be mapped to the first row of a match of {@code p}. */
  static Set<String> first(Pattern p) {
    Set<String> set = new HashSet<>();
    if (p instanceof Var v) {
      set.add(v.name());
    } else if (p instanceof Seq s) {
      for (Pattern part : s.parts()) {
        set.addAll(first(part));
        if (!nullable(part)) {
          break;
        }
      }
    } else if (p instanceof Alt a) {
      a.alternatives().forEach(x -> set.addAll(first(x)));
    } else if (p instanceof Quantified q) {
      set.addAll(first(q.inner()));
    } else if (p instanceof Permute permute) {
      permute.parts().forEach(x -> set.addAll(first(x)));
    } else if (p instanceof Exclude x) {
      set.addAll(first(x.inner()));
    }
    return set;
  }

  /** Whether {@code p} may match no row. */
  static boolean nullable(Pattern p) {
    if (p instanceof Var) {
      return false;
    } else if (p instanceof Seq s) {
      return s.parts().stream().allMatch(MatchShapes::nullable);
    } else if (p instanceof Alt a) {
      return a.alternatives().stream().anyMatch(MatchShapes::nullable);
    } else if (p instanceof Quantified q) {
      return q.min() == 0 || nullable(q.inner());
    } else if (p instanceof Permute permute) {
      return permute.parts().stream().allMatch(MatchShapes::nullable);
    } else if (p instanceof Exclude x) {
      return nullable(x.inner());
    }
    return true; // anchors, ()
  }

  /** The variables every match of {@code p} has a row of. */
  static Set<String> mandatory(Pattern p) {
    Set<String> set = new HashSet<>();
    if (p instanceof Var v) {
      set.add(v.name());
    } else if (p instanceof Seq s) {
      s.parts().forEach(x -> set.addAll(mandatory(x)));
    } else if (p instanceof Alt a) {
      set.addAll(mandatory(a.alternatives().get(0)));
      a.alternatives().forEach(x -> set.retainAll(mandatory(x)));
    } else if (p instanceof Quantified q && q.min() > 0) {
      set.addAll(mandatory(q.inner()));
    } else if (p instanceof Permute permute) {
      permute.parts().forEach(x -> set.addAll(mandatory(x)));
    } else if (p instanceof Exclude x) {
      set.addAll(mandatory(x.inner()));
    }
    return set;
  }

  static void patternFeatures(Pattern p, Set<String> features) {
    if (p instanceof Seq s) {
      s.parts().forEach(x -> patternFeatures(x, features));
    } else if (p instanceof Alt a) {
      features.add("alternation");
      a.alternatives().forEach(x -> patternFeatures(x, features));
    } else if (p instanceof Quantified q) {
      features.add("quantifier " + new Quantified(new Var("A"), q.min(), q.max(), false).sql().substring(1));
      if (q.reluctant()) {
        features.add("reluctant quantifier");
      }
      patternFeatures(q.inner(), features);
    } else if (p instanceof Permute permute) {
      features.add("PERMUTE");
      permute.parts().forEach(x -> patternFeatures(x, features));
    } else if (p instanceof Exclude x) {
      features.add("exclusion");
      patternFeatures(x.inner(), features);
    } else if (p instanceof Anchor a) {
      features.add(a.start() ? "anchor ^" : "anchor $");
    } else if (p instanceof Empty) {
      features.add("empty pattern ()");
    }
  }

  static void expressionFeatures(Expr e, String clause, Set<String> features) {
    if (e instanceof Nav nav) {
      features.add(nav.kind() + " in " + clause);
      expressionFeatures(nav.arg(), clause, features);
    } else if (e instanceof Agg agg) {
      features.add("aggregate in " + clause);
    } else if (e instanceof Classifier) {
      features.add("CLASSIFIER");
    } else if (e instanceof MatchNumber) {
      features.add("MATCH_NUMBER in " + clause);
    } else if (e instanceof Semantics s) {
      features.add(s.isFinal() ? "FINAL" : "RUNNING");
      expressionFeatures(s.call(), clause, features);
    } else if (e instanceof Bin bin) {
      expressionFeatures(bin.left(), clause, features);
      expressionFeatures(bin.right(), clause, features);
    } else if (e instanceof Not not) {
      expressionFeatures(not.e(), clause, features);
    } else if (e instanceof IsNull n) {
      features.add("IS NULL");
      expressionFeatures(n.e(), clause, features);
    }
  }
}
