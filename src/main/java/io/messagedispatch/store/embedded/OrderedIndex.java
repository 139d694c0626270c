package io.messagedispatch.store.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secondary index that mongo-java-server leaves out: its entries in the index's order,
 * kept in memory and rebuilt from the documents when the store opens. Only indexes that
 * hold {@code _id} are kept this way, so each document has exactly one entry and a
 * removal finds it by its values. Values are those a sort compares
 * ({@link Utils#getSubdocumentValueCollectionAware}), in the order a sort gives them
 * ({@link ValueComparator}), so a walk of the index yields documents in the order the
 * store's own sort would.
 * <p>
 * A document with an array in an indexed field is kept apart ({@link #irregular}), as an
 * equality or a range on an array matches its elements: queries read those documents
 * besides the walk. Anything the index cannot account for (two documents with equal
 * entries, a removal it does not find) marks it broken, and queries stop using it: a
 * broken index costs speed, never a result.
 */
final class OrderedIndex<P> extends Index<P> {

	private static final Logger log = LoggerFactory.getLogger(OrderedIndex.class);

	private static final String ID = "_id";

	/** Below every value, whatever the field's direction: the start of a range. */
	private static final Object LOW = new Object();

	/** Above every value, whatever the field's direction: the end of a range. */
	private static final Object HIGH = new Object();

	private final String[] fields;

	private final boolean[] ascending;

	private final boolean[] dotted;

	private final ConcurrentSkipListMap<Object[], P> entries;

	private final ConcurrentSkipListMap<Object, P> irregular = new ConcurrentSkipListMap<>(ValueComparator.asc());

	private volatile boolean broken;

	OrderedIndex(String name, List<IndexKey> keys) {
		// sparse to the collection: a removal it does not find is tolerated, never fatal
		super(name, keys, true);
		this.fields = keys.stream().map(IndexKey::getKey).toArray(String[]::new);
		this.ascending = new boolean[keys.size()];
		this.dotted = new boolean[keys.size()];
		for (int i = 0; i < keys.size(); i++) {
			this.ascending[i] = keys.get(i).isAscending();
			this.dotted[i] = this.fields[i].contains(".");
		}
		this.entries = new ConcurrentSkipListMap<>(this::compare);
	}

	/** Whether an index of these keys can be kept in order: it must hold {@code _id}. */
	static boolean canOrder(List<IndexKey> keys) {
		return keys.stream().anyMatch(key -> ID.equals(key.getKey()));
	}

	String field(int position) {
		return this.fields[position];
	}

	int size() {
		return this.fields.length;
	}

	boolean isAscending(int position) {
		return this.ascending[position];
	}

	boolean isBroken() {
		return this.broken;
	}

	/**
	 * The entries between {@code from} and {@code to} (key prefixes, padded with
	 * {@link #LOW} and {@link #HIGH}), in the index's order or reversed.
	 */
	Iterable<Map.Entry<Object[], P>> range(Object[] from, Object[] to, boolean reversed) {
		NavigableMap<Object[], P> range = this.entries.subMap(from, true, to, true);
		return (reversed ? range.descendingMap() : range).entrySet();
	}

	/**
	 * The fields and values of an entry as a document, the fields the document lacks left
	 * out: what a query's conditions on these fields see of the document.
	 */
	Document keyDocument(Object[] values) {
		Document document = new Document();
		for (int i = 0; i < values.length; i++) {
			if (!(values[i] instanceof Missing)) {
				document.put(this.fields[i], values[i]);
			}
		}
		return document;
	}

	/**
	 * The values of the entries that hold these values in the leading fields these values
	 * name.
	 */
	Stream<Object[]> prefix(Map<String, String> values) {
		Object[][] bounds = prefixBounds(values);
		return this.entries.subMap(bounds[0], true, bounds[1], true).keySet().stream();
	}

	/**
	 * The first and the last entry there could be with these values in the leading fields
	 * these values name (which must be the first {@code values.size()} fields), each
	 * padded with {@link #LOW} and {@link #HIGH} as the fields' directions order them.
	 */
	Object[][] prefixBounds(Map<String, String> values) {
		Object[] from = new Object[this.fields.length];
		Arrays.fill(from, LOW);
		Object[] to = new Object[this.fields.length];
		Arrays.fill(to, HIGH);
		for (int i = 0; i < values.size(); i++) {
			from[i] = values.get(this.fields[i]);
			to[i] = from[i];
		}
		return new Object[][] { bound(from), bound(to) };
	}

	/** Whether the index holds every one of these top-level fields. */
	boolean holdsAll(Set<String> names) {
		return Arrays.asList(this.fields).containsAll(names);
	}

	/** The first field's value of every entry, in the index's order. */
	Stream<Object> firstValues() {
		return this.entries.keySet().stream().map(values -> values[0]);
	}

	/** The positions of the documents with an array in an indexed field. */
	Collection<P> irregular() {
		return this.irregular.values();
	}

	private int compare(Object[] left, Object[] right) {
		for (int i = 0; i < this.fields.length; i++) {
			int cmp = compareValues(left[i], right[i]);
			if (cmp != 0) {
				return this.ascending[i] ? cmp : -cmp;
			}
		}
		return 0;
	}

	@SuppressWarnings("unchecked")
	private int compareValues(Object left, Object right) {
		if (left == LOW || right == HIGH) {
			return (left == right) ? 0 : -1;
		}
		if (left == HIGH || right == LOW) {
			return 1;
		}
		if (left != null && right != null && left.getClass() == right.getClass()
				&& (left instanceof String || left instanceof Instant || left instanceof ObjectId)) {
			// what ValueComparator does for two values of one of these types, without
			// normalising numbers and ordering types first: this runs for every step of
			// every walk and write
			return ((Comparable<Object>) left).compareTo(right);
		}
		return ValueComparator.asc().compare(left, right);
	}

	/**
	 * Flips a bound of a descending field, so LOW and HIGH keep meaning first and last.
	 */
	private Object[] bound(Object[] values) {
		Object[] bound = values.clone();
		for (int i = 0; i < bound.length; i++) {
			if (!this.ascending[i] && (bound[i] == LOW || bound[i] == HIGH)) {
				bound[i] = (bound[i] == LOW) ? HIGH : LOW;
			}
		}
		return bound;
	}

	private Object[] valuesOf(Document document) {
		Object[] values = new Object[this.fields.length];
		for (int i = 0; i < values.length; i++) {
			String field = this.fields[i];
			if (this.dotted[i]) {
				values[i] = Utils.getSubdocumentValueCollectionAware(document, field);
			}
			else {
				// what the lookup above gives for a top-level field, without splitting
				// its path
				values[i] = document.getOrMissing(field);
			}
		}
		return values;
	}

	private static boolean isRegular(Object[] values) {
		return Arrays.stream(values).noneMatch(Collection.class::isInstance);
	}

	@Override
	public void add(Document document, P position, MongoCollection<P> collection) {
		Object[] values = valuesOf(document);
		P previous = isRegular(values) ? this.entries.putIfAbsent(values, position)
				: this.irregular.putIfAbsent(document.get(ID), position);
		if (previous != null && !previous.equals(position)) {
			markBroken("two documents have the same entry");
		}
	}

	@Override
	public P remove(Document document) {
		Object[] values = valuesOf(document);
		P removed = isRegular(values) ? this.entries.remove(values) : this.irregular.remove(document.get(ID));
		if (removed == null) {
			markBroken("a removed document had no entry");
		}
		return removed;
	}

	@Override
	public void updateInPlace(Document oldDocument, Document newDocument, P position, MongoCollection<P> collection) {
		Object[] oldValues = valuesOf(oldDocument);
		Object[] newValues = valuesOf(newDocument);
		if (isRegular(oldValues) && isRegular(newValues) && Arrays.equals(oldValues, newValues)) {
			return;
		}
		remove(oldDocument);
		add(newDocument, position, collection);
	}

	private void markBroken(String why) {
		if (!this.broken) {
			this.broken = true;
			log.warn("The embedded store stops using its index {}: {}; its queries scan instead", getName(), why);
		}
	}

	@Override
	public P getPosition(Document document) {
		// the collection finds positions by its unique indexes
		return null;
	}

	@Override
	public void checkAdd(Document document, MongoCollection<P> collection) {
		// not unique: nothing to refuse
	}

	@Override
	public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<P> collection) {
		// not unique: nothing to refuse
	}

	@Override
	public boolean canHandle(Document query) {
		// queries use it through IndexPlan, which knows the order and the limit
		return false;
	}

	@Override
	public Iterable<P> getPositions(Document query) {
		// the server asks only an index that can handle the query, which this one never
		// claims; should it ask, every document is a candidate, matched by the server
		List<P> positions = new ArrayList<>(this.entries.values());
		positions.addAll(this.irregular.values());
		return positions;
	}

	@Override
	public long getCount() {
		return this.entries.size() + this.irregular.size();
	}

	@Override
	public long getDataSize() {
		return 0;
	}

	@Override
	public void drop() {
		this.entries.clear();
		this.irregular.clear();
	}

}
