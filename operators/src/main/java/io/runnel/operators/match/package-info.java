/**
 * Row pattern matching of {@code MATCH_RECOGNIZE} (SQL:2016 R010, and the pattern part of R020), streaming
 * and exact: a {@link io.runnel.operators.match.Matcher} per partition is offered its rows one at a time, in
 * their final order, and reports each result once it is certain it is the one the standard picks on the whole
 * sequence. It never sees row values: {@link io.runnel.operators.match.Conditions} (the {@code DEFINE}
 * conditions) are the caller's, asked about a row and a partial match ({@link
 * io.runnel.operators.match.MatchContext}).
 *
 * <h2>Use</h2>
 * Plan time: {@link io.runnel.operators.match.Automaton#compile} a {@link
 * io.runnel.operators.match.RowPattern}, make a {@link io.runnel.operators.match.MatchSpec} with the skip
 * mode and {@code WITHIN}. Run time, per partition: {@code offer(time)} each row, {@code advanceTime} with
 * the watermark, {@code end()} at the end of input, {@code poll()} results in row order, free buffered rows
 * below {@code lowestNeededRow()}; drop an {@code idle()} matcher and resume it later from {@code nextRow()}
 * and {@code nextMatchNumber()} ({@code MATCH_NUMBER} and {@code ^} depend on the position in the partition).
 *
 * <h2>Semantics, where the standard leaves a reading to make</h2>
 * <ul>
 *   <li>Preference: left alternative first, greedy more and reluctant fewer iterations, left to right,
 *       {@code PERMUTE} as the alternation of its orders in lexicographic order of positions. An iteration of
 *       a quantifier that matches no row, once the quantifier has its minimum, is the last one (ISO/IEC TR
 *       19075-5, 7.2.8): it keeps its place in the order, the quantifier then ends. Below the minimum such
 *       iterations count toward it.
 *   <li>{@code WITHIN w}: every row of a match has {@code time(row) - time(first row) <= w} (inclusive). A
 *       partial match that needed a row it could not take for that reason (a row past its span, or, at the
 *       end of input, none after a watermark past its span) is cut off; when the attempt from its start finds
 *       no match, the most preferred such partial match is reported as {@link
 *       io.runnel.operators.match.MatchResult.TimedOut}, just before the start's unmatched row. Matches never
 *       depend on watermarks; only when a result is reported, and what is reported as timed out, do.
 *   <li>An unmatched row is a row no match holds (from its first to its last row) whose own attempt found no
 *       match; a row inside an earlier match (possible under {@code SKIP TO NEXT ROW}, {@code TO FIRST/LAST})
 *       is not reported again. An empty match holds no row: its start row is not unmatched.
 *   <li>After a match, {@code AFTER MATCH SKIP} to a variable with no row in the match, or to the match's
 *       first row, throws {@link io.runnel.operators.match.MatchException} once the match is reported.
 *   <li>{@code MATCH_NUMBER()} shown to a condition of an attempt not yet reached is a guess (the next number);
 *       an attempt whose conditions read a wrong guess is run again when its turn comes.
 * </ul>
 *
 * <h2>What is bounded</h2>
 * Attempts from every row run at once, as threads of a Pike VM. Threads at the same program position with the
 * same counters, where every condition ahead is history-free ({@link
 * io.runnel.operators.match.Conditions#historyFree}), have the same future: one thread, the most preferred or
 * of the earliest start, stands for all; if it is cut off before its own end (its start matched or was
 * skipped), the starts it stood for are run again, alone, when their turn comes. Paths are shared lists of
 * runs of one variable, so {@code A+} over any number of rows is one node.
 * <ul>
 *   <li>History-free conditions: live threads are at most the positions times the counter values of the
 *       program, whatever the number of open attempts ({@code A{1,} B} over 100,000 rows with every attempt
 *       open: 2 threads, under 200 bytes). Time per row is proportional to the threads. An attempt run again
 *       costs the rows since its start: quadratic at worst, e.g. {@code SKIP TO NEXT ROW} with long
 *       overlapping matches, whose output is quadratic as well.
 *   <li>Under {@code WITHIN} the same holds for the threads; but a thread standing for later attempts expires
 *       before them, so while every row opens an attempt that lives until {@code WITHIN} expires it, each
 *       attempt runs again once, over the rows of its span: time per row grows with the rows in a span (as it
 *       would with a thread per attempt), state does not.
 *   <li>Past a condition that reads the match, threads merge only with identical paths: threads grow with the
 *       open attempts and, for ambiguous patterns such as {@code (A | B)+}, with the distinct mappings of rows
 *       to variables (exponentially at worst, as backtracking would).
 *   <li>Not bounded, by the standard's nature: the rows the caller keeps (from the earliest undecided
 *       attempt, which may grow while a greedy quantifier keeps matching) and a match's own rows.
 * </ul>
 *
 * <h2>Not supported</h2>
 * {@code PERMUTE} of more than {@link io.runnel.operators.match.Automaton#MAX_PERMUTE} patterns; quantifiers
 * nested more than 62 deep; R020's {@code SEEK} (an attempt from any later row in a window frame); measures,
 * {@code SUBSET}, {@code FINAL} and output rows are the caller's.
 */
package io.runnel.operators.match;
