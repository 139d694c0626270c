package io.messagedispatch.store.embedded;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;

/**
 * The two aggregations the service counts with, answered from an {@link OrderedIndex}
 * without reading the documents it holds: a count of the documents equal to strings on an
 * index's leading fields (the driver's {@code countDocuments}: {@code [{$match}, {$group:
 * {_id: <constant>, n: {$sum: 1}}}]}) and a count per value of an index's first field
 * ({@code [{$group: {_id: "$field", n: {$sum: 1}}}]}). mongo-java-server answers both by
 * reading every document of the collection, which on its H2 backend means decoding each
 * from disk, every time the queue is counted. Any other aggregation, or one whose index
 * cannot answer it, is left to the server; the documents kept apart by the index (an
 * array in an indexed field) are read and counted as the server would.
 */
final class IndexCounts {

	/** What a command may say besides its pipeline and still be answered here. */
	private static final Set<String> HARMLESS = Set.of("aggregate", "pipeline", "cursor", "maxTimeMS", "$db", "lsid",
			"$clusterTime", "$readPreference", "readConcern", "comment", "allowDiskUse", "apiVersion", "apiStrict",
			"apiDeprecationErrors");

	private IndexCounts() {
	}

	/**
	 * The answer to an {@code aggregate} command, or null when it is not one of the two
	 * counts or no ordered index of the collection can answer it.
	 */
	static <P> Document aggregate(String databaseName, Document command, OrderedCollection<P> collection) {
		if (collection == null || !HARMLESS.containsAll(command.keySet())
				|| !(command.get("cursor") instanceof Document cursor) || cursor.containsKey("batchSize")
				|| !(command.get("pipeline") instanceof List<?> pipeline) || pipeline.isEmpty()
				|| !pipeline.stream().allMatch(Document.class::isInstance)) {
			return null;
		}
		List<Document> stages = pipeline.stream().map(Document.class::cast).toList();
		CountOf count = CountOf.from(stages.get(stages.size() - 1));
		if (count == null) {
			return null;
		}
		List<Document> results = null;
		if (stages.size() == 2 && isStage(stages.get(0), "$match")
				&& stages.get(0).get("$match") instanceof Document filter && count.isConstant()) {
			Long matching = countMatching(collection, filter);
			if (matching != null) {
				results = (matching == 0) ? List.of() : List.of(count.result(count.key(), matching));
			}
		}
		else if (stages.size() == 1 && count.key() instanceof String path
				&& path.matches("\\$[A-Za-z_][A-Za-z0-9_]*")) {
			results = countPerValue(collection, path.substring(1), count);
		}
		if (results == null) {
			return null;
		}
		Document reply = new Document("id", 0L).append("ns", databaseName + "." + command.get("aggregate"))
			.append("firstBatch", new ArrayList<>(results));
		return new Document("cursor", reply).append("ok", 1.0);
	}

	private static boolean isStage(Document stage, String name) {
		return stage.size() == 1 && stage.containsKey(name);
	}

	/**
	 * How many documents match a filter whose every field an ordered index holds (such as
	 * the unsent messages due by now), from the entries of the index whose leading fields
	 * the filter's string equalities fix furthest: all of them when the filter is those
	 * equalities alone, else those whose own values match it; no document read but those
	 * the index keeps apart. Null when no index holds every field.
	 */
	private static <P> Long countMatching(OrderedCollection<P> collection, Document filter) {
		IndexPlan.FilterShape shape = IndexPlan.shapeOf(filter);
		if (shape == null || shape.fields.isEmpty()) {
			return null;
		}
		OrderedIndex<P> best = null;
		Map<String, String> bestPrefix = null;
		for (Index<P> candidate : collection.getIndexes()) {
			if (candidate instanceof OrderedIndex<P> index && isWhole(index, collection)
					&& index.holdsAll(shape.fields)) {
				Map<String, String> prefix = new HashMap<>();
				for (int i = 0; i < index.size() && shape.equalities.containsKey(index.field(i)); i++) {
					prefix.put(index.field(i), shape.equalities.get(index.field(i)));
				}
				if (best == null || prefix.size() > bestPrefix.size()) {
					best = index;
					bestPrefix = prefix;
				}
			}
		}
		if (best == null) {
			return null;
		}
		OrderedIndex<P> index = best;
		boolean prefixIsTheFilter = shape.onlyEqualities && bestPrefix.size() == shape.fields.size();
		if (!prefixIsTheFilter && shape.hasDottedField()) {
			// an entry's values stand for top-level fields only
			return null;
		}
		Stream<Object[]> entries = index.prefix(bestPrefix);
		long count = prefixIsTheFilter ? entries.count()
				: entries.filter((values) -> collection.matches(index.keyDocument(values), filter)).count();
		return count + countIrregular(index, collection, filter);
	}

	private static <P> long countIrregular(OrderedIndex<P> index, OrderedCollection<P> collection, Document filter) {
		long count = 0;
		for (P position : index.irregular()) {
			Document document = collection.read(position);
			if (document != null && collection.matches(document, filter)) {
				count++;
			}
		}
		return count;
	}

	/**
	 * How many documents hold each value of a top-level field, or null. An array in an
	 * indexed field is left to the server, whose grouping of arrays this does not
	 * reproduce.
	 */
	private static <P> List<Document> countPerValue(OrderedCollection<P> collection, String field, CountOf count) {
		for (Index<P> candidate : collection.getIndexes()) {
			if (candidate instanceof OrderedIndex<P> index && isWhole(index, collection) && index.field(0).equals(field)
					&& index.irregular().isEmpty()) {
				Map<Object, Long> counts = new TreeMap<>(ValueComparator.asc());
				index.firstValues().forEach((value) -> counts.merge(groupKey(value), 1L, Long::sum));
				List<Document> results = new ArrayList<>(counts.size());
				counts.forEach((value, n) -> results.add(count.result(value, n)));
				return results;
			}
		}
		return null;
	}

	/** A missing field groups with null, as in {@code $group}. */
	private static Object groupKey(Object value) {
		return (value instanceof Missing) ? null : value;
	}

	/**
	 * An index that has an entry for every document of the collection and has not given
	 * up on any.
	 */
	private static boolean isWhole(OrderedIndex<?> index, OrderedCollection<?> collection) {
		return !index.isBroken() && index.getCount() == collection.documentCount();
	}

	/**
	 * A {@code $group} stage that only counts: {@code {_id: key, name: {$sum: 1}}}.
	 */
	private record CountOf(Object key, String name) {

		static CountOf from(Document stage) {
			if (!isStage(stage, "$group") || !(stage.get("$group") instanceof Document group) || group.size() != 2
					|| !group.containsKey("_id")) {
				return null;
			}
			for (Map.Entry<String, Object> field : group.entrySet()) {
				if (!field.getKey().equals("_id")) {
					if (field.getKey().startsWith("$") || field.getKey().contains(".")
							|| !(field.getValue() instanceof Document sum) || sum.size() != 1
							|| !(sum.get("$sum") instanceof Integer one) || one != 1) {
						return null;
					}
					return new CountOf(group.get("_id"), field.getKey());
				}
			}
			return null;
		}

		/** A key that is a value rather than an expression or a field path. */
		boolean isConstant() {
			return !(this.key instanceof String) && !(this.key instanceof Document)
					&& !(this.key instanceof Collection<?>);
		}

		Document result(Object value, long count) {
			return new Document("_id", value).append(this.name,
					(count <= Integer.MAX_VALUE) ? (Object) (int) count : (Object) count);
		}

	}

}
