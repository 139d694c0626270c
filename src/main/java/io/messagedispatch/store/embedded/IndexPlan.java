package io.messagedispatch.store.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import de.bwaldvogel.mongo.backend.DocumentComparator;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.bson.Document;

/**
 * How a query reads an {@link OrderedIndex} instead of every document: the index whose
 * leading fields the query fixes by equality (to a string) and whose next fields are the
 * sort's, read from the range the query's dates allow, in the sort's order, so that a
 * limit stops the read early. An entry whose own values fail the query's conditions on
 * the index's fields is passed over without reading its document; every document read is
 * still matched against the whole query, so the plan only ever chooses which documents to
 * look at, never which match. The documents with an array in an indexed field are always
 * looked at besides.
 */
record IndexPlan<P>(OrderedIndex<P> index, Object[] from, Object[] to, boolean reversed, boolean sorted,
		Document keyQuery) {

	/**
	 * The plan for a query, or null when no ordered index serves it: a query an index of
	 * the collection's own answers by equality, one without an equality on the leading
	 * field of any ordered index that does not follow its order either, or a natural
	 * order.
	 */
	static <P> IndexPlan<P> of(List<Index<P>> indexes, Document query, Document orderBy) {
		if (orderBy != null && orderBy.containsKey("$natural")) {
			return null;
		}
		List<String> sort = (orderBy == null) ? List.of() : new ArrayList<>(orderBy.keySet());
		Conditions conditions = new Conditions();
		conditions.collect(query);
		IndexPlan<P> best = null;
		int bestScore = 0;
		for (Index<P> candidate : indexes) {
			if (!(candidate instanceof OrderedIndex<P> index)) {
				if (candidate.canHandle(query)) {
					// an equality on a unique index finds at most one document
					return null;
				}
				continue;
			}
			if (index.isBroken()) {
				continue;
			}
			int fixed = 0;
			while (fixed < index.size() && conditions.equalities.containsKey(index.field(fixed))) {
				fixed++;
			}
			Boolean reversed = followsOrder(index, fixed, sort, orderBy);
			boolean sorted = reversed != null;
			// fixed fields narrow the read, the order saves the sort and lets a limit
			// stop it
			int score = fixed * 2 + (sorted ? 1 : 0);
			if (score > bestScore && (fixed > 0 || sorted && !sort.isEmpty())) {
				bestScore = score;
				best = plan(index, fixed, conditions, sorted && reversed, sorted, query);
			}
		}
		return best;
	}

	/**
	 * The top-level fields a filter names (those under {@code $and} included) and its
	 * string equalities, or null when it holds another operator at the top ($or,
	 * $expr...) or two values for one field.
	 */
	static FilterShape shapeOf(Document filter) {
		FilterShape shape = new FilterShape();
		return shape.collect(filter) ? shape : null;
	}

	/** What {@link #shapeOf} found. */
	static final class FilterShape {

		final Set<String> fields = new HashSet<>();

		final Map<String, String> equalities = new HashMap<>();

		/** Whether every condition is a string equality. */
		boolean onlyEqualities = true;

		boolean hasDottedField() {
			return this.fields.stream().anyMatch((field) -> field.contains("."));
		}

		private boolean collect(Document filter) {
			for (Map.Entry<String, Object> condition : filter.entrySet()) {
				String field = condition.getKey();
				Object value = condition.getValue();
				if (field.equals("$and") && value instanceof List<?> all && !all.isEmpty()) {
					for (Object each : all) {
						if (!(each instanceof Document part) || !collect(part)) {
							return false;
						}
					}
					continue;
				}
				if (field.startsWith("$")) {
					return false;
				}
				this.fields.add(field);
				if (value instanceof Document operators && operators.size() == 1) {
					value = operators.get("$eq");
				}
				if (!(value instanceof String string)) {
					this.onlyEqualities = false;
					continue;
				}
				String earlier = this.equalities.putIfAbsent(field, string);
				if (earlier != null && !earlier.equals(string)) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * True to read the index backwards, false forwards, null when it has not the order.
	 */
	private static Boolean followsOrder(OrderedIndex<?> index, int fixed, List<String> sort, Document orderBy) {
		if (sort.isEmpty()) {
			return Boolean.FALSE;
		}
		if (sort.size() > index.size() - fixed) {
			return null;
		}
		Boolean reversed = null;
		for (int i = 0; i < sort.size(); i++) {
			if (!sort.get(i).equals(index.field(fixed + i)) || !(orderBy.get(sort.get(i)) instanceof Number direction)
					|| direction.intValue() == 0) {
				return null;
			}
			boolean against = (direction.intValue() > 0) != index.isAscending(fixed + i);
			if (reversed != null && reversed != against) {
				return null;
			}
			reversed = against;
		}
		return reversed;
	}

	private static <P> IndexPlan<P> plan(OrderedIndex<P> index, int fixed, Conditions conditions, boolean reversed,
			boolean sorted, Document query) {
		Map<String, String> prefix = new HashMap<>();
		for (int i = 0; i < fixed; i++) {
			prefix.put(index.field(i), conditions.equalities.get(index.field(i)));
		}
		Object[][] bounds = index.prefixBounds(prefix);
		Object[] from = bounds[0];
		Object[] to = bounds[1];
		if (fixed < index.size()) {
			Range range = conditions.ranges.get(index.field(fixed));
			if (range != null) {
				boolean ascending = index.isAscending(fixed);
				if (range.lowest != null) {
					(ascending ? from : to)[fixed] = range.lowest;
				}
				if (range.highest != null) {
					(ascending ? to : from)[fixed] = range.highest;
				}
			}
		}
		return new IndexPlan<>(index, from, to, reversed, sorted, keyQuery(index, query));
	}

	/**
	 * The query's conditions on the index's own top-level fields (those under
	 * {@code $and} included), which an entry's values decide alone: a document whose
	 * entry fails them cannot match the query, and is not read. Null when there are none.
	 */
	private static Document keyQuery(OrderedIndex<?> index, Document query) {
		Set<String> fields = new HashSet<>();
		for (int i = 0; i < index.size(); i++) {
			if (!index.field(i).contains(".")) {
				fields.add(index.field(i));
			}
		}
		List<Document> conditions = new ArrayList<>();
		collectKeyConditions(query, fields, conditions);
		return conditions.isEmpty() ? null : new Document("$and", conditions);
	}

	private static void collectKeyConditions(Document query, Set<String> fields, List<Document> into) {
		for (Map.Entry<String, Object> condition : query.entrySet()) {
			if (condition.getKey().equals("$and") && condition.getValue() instanceof Collection<?> all) {
				all.stream()
					.filter(Document.class::isInstance)
					.forEach((part) -> collectKeyConditions((Document) part, fields, into));
			}
			else if (fields.contains(condition.getKey())) {
				into.add(new Document(condition.getKey(), condition.getValue()));
			}
		}
	}

	/**
	 * The documents to match, in the sort's order when {@link #sorted}: the index range,
	 * merged with the documents kept apart.
	 */
	Stream<Document> documents(Function<P, Document> read, BiPredicate<Document, Document> matches, Document orderBy) {
		Stream<Map.Entry<Object[], P>> entries = StreamSupport
			.stream(this.index.range(this.from, this.to, this.reversed).spliterator(), false);
		if (this.keyQuery != null) {
			entries = entries.filter((entry) -> matches.test(this.index.keyDocument(entry.getKey()), this.keyQuery));
		}
		Stream<Document> walked = entries.map((entry) -> read.apply(entry.getValue())).filter(Objects::nonNull);
		Collection<P> apart = this.index.irregular();
		if (apart.isEmpty()) {
			return walked;
		}
		List<Document> others = apart.stream().map(read).filter(Objects::nonNull).toList();
		if (!this.sorted || orderBy == null || orderBy.isEmpty()) {
			return Stream.concat(walked, others.stream());
		}
		Comparator<Document> order = new DocumentComparator(orderBy);
		List<Document> sortedOthers = others.stream().sorted(order).toList();
		Iterator<Document> merged = new Merge(walked.iterator(), sortedOthers.iterator(), order);
		return StreamSupport.stream(((Iterable<Document>) () -> merged).spliterator(), false);
	}

	/** What the query fixes: its top-level conditions and those under {@code $and}. */
	private static final class Conditions {

		private final Map<String, String> equalities = new HashMap<>();

		private final Map<String, Range> ranges = new HashMap<>();

		void collect(Document query) {
			for (Map.Entry<String, Object> condition : query.entrySet()) {
				String field = condition.getKey();
				Object value = condition.getValue();
				if (field.equals("$and") && value instanceof Collection<?> all) {
					all.stream().filter(Document.class::isInstance).map(Document.class::cast).forEach(this::collect);
				}
				else if (field.startsWith("$")) {
					// $or, $nor, $expr...: they only narrow what the rest matches
					continue;
				}
				else if (value instanceof String string) {
					this.equalities.putIfAbsent(field, string);
				}
				else if (value instanceof Document operators) {
					operators.forEach((operator, operand) -> operator(field, operator, operand));
				}
			}
		}

		private void operator(String field, String operator, Object operand) {
			if (operator.equals("$eq") && operand instanceof String string) {
				this.equalities.putIfAbsent(field, string);
			}
			else if (operand instanceof Instant date) {
				Range range = this.ranges.computeIfAbsent(field, (key) -> new Range());
				switch (operator) {
					case "$gt", "$gte" -> range.atLeast(date);
					case "$lt", "$lte" -> range.atMost(date);
					default -> {
						// no bound
					}
				}
			}
		}

	}

	/**
	 * The dates a range on a field allows, bounds included (the store reads BSON dates as
	 * instants): a range operator matches only values of its own type, so every match
	 * lies within them.
	 */
	private static final class Range {

		private Instant lowest;

		private Instant highest;

		void atLeast(Instant date) {
			if (this.lowest == null || date.isAfter(this.lowest)) {
				this.lowest = date;
			}
		}

		void atMost(Instant date) {
			if (this.highest == null || date.isBefore(this.highest)) {
				this.highest = date;
			}
		}

	}

	/** Two iterators in one order, merged. */
	private static final class Merge implements Iterator<Document> {

		private final Iterator<Document> left;

		private final Iterator<Document> right;

		private final Comparator<Document> order;

		private Document nextLeft;

		private Document nextRight;

		Merge(Iterator<Document> left, Iterator<Document> right, Comparator<Document> order) {
			this.left = left;
			this.right = right;
			this.order = order;
			this.nextLeft = left.hasNext() ? left.next() : null;
			this.nextRight = right.hasNext() ? right.next() : null;
		}

		@Override
		public boolean hasNext() {
			return this.nextLeft != null || this.nextRight != null;
		}

		@Override
		public Document next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			Document next;
			if (this.nextRight == null
					|| this.nextLeft != null && this.order.compare(this.nextLeft, this.nextRight) <= 0) {
				next = this.nextLeft;
				this.nextLeft = this.left.hasNext() ? this.left.next() : null;
			}
			else {
				next = this.nextRight;
				this.nextRight = this.right.hasNext() ? this.right.next() : null;
			}
			return next;
		}

	}

}
