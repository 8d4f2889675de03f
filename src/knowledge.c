/*-------------------------------------------------------------------------
 *
 * knowledge.c
 *	  Exact semantic search over the knowledge base.
 *
 * search_knowledge(project_id, query, k) returns the k documents of a
 * project whose 384-dimension embedding (knowledge_base_documents.embedding,
 * real[]) is most similar to the query by cosine similarity, computed in
 * double precision, best first; ties go to the smaller document id.
 *
 * The scan streams: one SPI query over the project's documents (the index
 * on project_id serves it when the planner prefers it) sends each row to a
 * DestReceiver of our own, which scores it on the spot and keeps only a
 * k-entry min-heap of the best so far.  No row is copied into an SPI tuple
 * table and an embedding stored inline is read in place (only a compressed
 * or out-of-line one is detoasted, into a context reset every row), so
 * memory is bounded by k, not by the number of documents.
 *
 * The query runs as the caller (the function is not SECURITY DEFINER) and
 * through the planner, so row-level security applies to it like to any
 * SELECT: an application role sees only its own organizations' documents.
 * All access to the table is in scan_project_documents().
 *
 * Documents without an embedding, or whose embedding has a NULL element,
 * a NaN or infinite element, or is the zero vector, are skipped.
 *
 * Locking: AccessShareLock on knowledge_base_documents, as any SELECT.
 *
 *-------------------------------------------------------------------------
 */
#include "agentgov.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tcop/dest.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/tuplestore.h"

PG_FUNCTION_INFO_V1(search_knowledge);

/* Dimension of the socrates seed's sentence embeddings. */
#define EMBEDDING_DIMS 384

/* Largest k search_knowledge() accepts. */
#define MAX_K 1000

/* One document kept in the heap. */
typedef struct KnowledgeHit
{
	double		similarity;
	pg_uuid_t	id;
	text	   *filename;		/* palloc'd in the heap's context */
} KnowledgeHit;

/* The DestReceiver that scores rows and keeps the best k. */
typedef struct KnowledgeScan
{
	DestReceiver pub;			/* must be first */
	const float4 *query;		/* EMBEDDING_DIMS elements */
	double		query_norm;		/* Euclidean norm of the query */
	int			k;
	int			nhits;
	KnowledgeHit *hits;			/* min-heap: hits[0] is the worst kept */
	MemoryContext heap_cxt;		/* holds hits and their filenames */
	MemoryContext row_cxt;		/* reset after every row */
} KnowledgeScan;

/* ----------------------------------------------------------------
 * Scoring
 * ----------------------------------------------------------------
 */

/* Independent partial sums per dot product: lanes the compiler can vectorize. */
#define COSINE_LANES 8

/*
 * Cosine similarity of the query with a document's elements, in double
 * precision; false when the document cannot be compared (a non-finite
 * element or the zero vector).  The sums run in COSINE_LANES independent
 * lanes (element i goes to lane i % COSINE_LANES), which the compiler can
 * turn into SIMD without reassociating anything: the order of every
 * addition is fixed by the source, so the result does not depend on the
 * build.
 */
static bool
cosine(const float4 *query, double query_norm, const float4 *doc, double *similarity)
{
	double		dot[COSINE_LANES] = {0};
	double		sq[COSINE_LANES] = {0};
	double		d = 0;
	double		n = 0;
	int			i;
	int			j;

	StaticAssertStmt(EMBEDDING_DIMS % COSINE_LANES == 0,
					 "EMBEDDING_DIMS must be a multiple of COSINE_LANES");
	for (i = 0; i < EMBEDDING_DIMS; i += COSINE_LANES)
	{
		for (j = 0; j < COSINE_LANES; j++)
		{
			double		x = doc[i + j];

			dot[j] += (double) query[i + j] * x;
			sq[j] += x * x;
		}
	}
	for (j = 0; j < COSINE_LANES; j++)
	{
		d += dot[j];
		n += sq[j];
	}
	/* NaN or infinity in the document makes n non-finite. */
	if (!isfinite(n) || !isfinite(d) || n <= 0)
		return false;
	*similarity = d / (query_norm * sqrt(n));
	return true;
}

/* Whether hit a ranks below hit b: lower similarity, or equal and larger id. */
static bool
ranks_below(const KnowledgeHit *a, const KnowledgeHit *b)
{
	if (a->similarity != b->similarity)
		return a->similarity < b->similarity;
	return memcmp(a->id.data, b->id.data, UUID_LEN) > 0;
}

/* Restore the heap property below position i. */
static void
sift_down(KnowledgeHit *hits, int n, int i)
{
	for (;;)
	{
		int			worst = i;
		int			l = 2 * i + 1;
		int			r = l + 1;
		KnowledgeHit tmp;

		if (l < n && ranks_below(&hits[l], &hits[worst]))
			worst = l;
		if (r < n && ranks_below(&hits[r], &hits[worst]))
			worst = r;
		if (worst == i)
			return;
		tmp = hits[i];
		hits[i] = hits[worst];
		hits[worst] = tmp;
		i = worst;
	}
}

/* Restore the heap property above position i. */
static void
sift_up(KnowledgeHit *hits, int i)
{
	while (i > 0)
	{
		int			parent = (i - 1) / 2;
		KnowledgeHit tmp;

		if (!ranks_below(&hits[i], &hits[parent]))
			return;
		tmp = hits[i];
		hits[i] = hits[parent];
		hits[parent] = tmp;
		i = parent;
	}
}

/*
 * Offer a scored document to the heap; copies what it keeps (the filename
 * detoasted, in the rare case the toaster compressed it, in row_cxt).
 */
static void
offer(KnowledgeScan *scan, const KnowledgeHit *candidate, Datum filename)
{
	KnowledgeHit *slot;
	struct varlena *name;
	Size		len;

	if (scan->nhits == scan->k)
	{
		/* Full: the candidate must beat the worst kept document. */
		if (!ranks_below(&scan->hits[0], candidate))
			return;
		pfree(scan->hits[0].filename);
		slot = &scan->hits[0];
	}
	else
		slot = &scan->hits[scan->nhits];

	name = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(filename));
	len = VARSIZE_ANY_EXHDR(name);
	slot->similarity = candidate->similarity;
	slot->id = candidate->id;
	slot->filename = (text *) MemoryContextAlloc(scan->heap_cxt, len + VARHDRSZ);
	SET_VARSIZE(slot->filename, len + VARHDRSZ);
	memcpy(VARDATA(slot->filename), VARDATA_ANY(name), len);

	if (slot == &scan->hits[0] && scan->nhits == scan->k)
		sift_down(scan->hits, scan->nhits, 0);
	else
		sift_up(scan->hits, scan->nhits++);
}

/* ----------------------------------------------------------------
 * The DestReceiver
 * ----------------------------------------------------------------
 */

/* Score one row (id, filename, embedding) of the scan. */
static bool
knowledge_receive(TupleTableSlot *slot, DestReceiver *self)
{
	KnowledgeScan *scan = (KnowledgeScan *) self;
	MemoryContext oldcxt;
	KnowledgeHit candidate;
	ArrayType  *embedding;
	bool		isnull;
	Datum		id;
	Datum		filename;
	Datum		value;

	slot_getallattrs(slot);
	id = slot_getattr(slot, 1, &isnull);
	if (isnull)
		return true;
	filename = slot_getattr(slot, 2, &isnull);
	if (isnull)
		return true;
	value = slot_getattr(slot, 3, &isnull);
	if (isnull)
		return true;

	/* Read an inline embedding in place; detoast others into row_cxt. */
	oldcxt = MemoryContextSwitchTo(scan->row_cxt);
	embedding = DatumGetArrayTypeP(value);
	if (ARR_NDIM(embedding) == 1 && ARR_DIMS(embedding)[0] == EMBEDDING_DIMS &&
		!ARR_HASNULL(embedding) && ARR_ELEMTYPE(embedding) == FLOAT4OID &&
		cosine(scan->query, scan->query_norm,
			   (const float4 *) ARR_DATA_PTR(embedding), &candidate.similarity))
	{
		memcpy(candidate.id.data, DatumGetUUIDP(id)->data, UUID_LEN);
		offer(scan, &candidate, filename);
	}
	MemoryContextSwitchTo(oldcxt);
	/* Free any detoasted copy (a no-op when nothing was allocated). */
	MemoryContextReset(scan->row_cxt);
	return true;
}

static void
knowledge_startup(DestReceiver *self, int operation, TupleDesc typeinfo)
{
	if (typeinfo->natts != 3)
		elog(ERROR, "knowledge scan returned %d columns, expected 3", typeinfo->natts);
}

static void
knowledge_shutdown(DestReceiver *self)
{
}

static void
knowledge_destroy(DestReceiver *self)
{
}

/* ----------------------------------------------------------------
 * Table access
 * ----------------------------------------------------------------
 */

/*
 * Send every document of the project that has an embedding, as the caller
 * (row-level security applies), to dest: (id uuid, filename text,
 * embedding real[]).
 */
static void
scan_project_documents(Datum project_id, DestReceiver *dest)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[1] = {UUIDOID};
	SPIExecuteOptions options;
	ParamListInfo params;
	int			ret;

	agentgov_spi_connect();
	agentgov_plan(&plan,
				  "SELECT d.id, d.filename::pg_catalog.text, d.embedding"
				  "  FROM agentgov.knowledge_base_documents d"
				  " WHERE d.project_id OPERATOR(pg_catalog.=) $1"
				  "   AND d.embedding IS NOT NULL",
				  1, argtypes);

	params = makeParamList(1);
	params->params[0].value = project_id;
	params->params[0].isnull = false;
	params->params[0].pflags = PARAM_FLAG_CONST;
	params->params[0].ptype = UUIDOID;

	memset(&options, 0, sizeof(options));
	options.params = params;
	options.read_only = true;
	options.dest = dest;
	ret = SPI_execute_plan_extended(plan, &options);
	/* A SELECT whose rows go to a receiver other than SPI's reports this. */
	if (ret != SPI_OK_UTILITY)
		elog(ERROR, "SPI_execute_plan_extended returned %s",
			 SPI_result_code_string(ret));
	SPI_finish();
}

/* ----------------------------------------------------------------
 * search_knowledge(project_id uuid, query real[], k integer)
 *	 -> TABLE (document_id uuid, filename text, similarity double precision)
 * ----------------------------------------------------------------
 */

/* The query's elements after checking it; sets *norm to its norm. */
static const float4 *
check_query(ArrayType *query, double *norm)
{
	const float4 *elems;
	double		sum = 0;
	int			i;

	if (ARR_NDIM(query) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("query embedding must have %d dimensions", EMBEDDING_DIMS),
				 errdetail("It is an array of %d dimensions, not a flat array of %d elements.",
						   ARR_NDIM(query), EMBEDDING_DIMS)));
	if (ARR_NDIM(query) == 0 || ARR_DIMS(query)[0] != EMBEDDING_DIMS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("query embedding must have %d dimensions", EMBEDDING_DIMS),
				 errdetail("It has %d.", ARR_NDIM(query) == 0 ? 0 : ARR_DIMS(query)[0])));
	if (ARR_HASNULL(query))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("query embedding must not contain NULL")));
	elems = (const float4 *) ARR_DATA_PTR(query);
	for (i = 0; i < EMBEDDING_DIMS; i++)
	{
		if (!isfinite(elems[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("query embedding must not contain NaN or Infinity"),
					 errdetail("Element %d is %s.", i + 1,
							   isnan(elems[i]) ? "NaN" : "infinite")));
		sum += (double) elems[i] * elems[i];
	}
	if (sum <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("query embedding must not be the zero vector"),
				 errdetail("Cosine similarity is undefined for it.")));
	*norm = sqrt(sum);
	return elems;
}

/* Order for the result: best first (the reverse of ranks_below). */
static int
hit_cmp(const void *a, const void *b)
{
	const KnowledgeHit *x = (const KnowledgeHit *) a;
	const KnowledgeHit *y = (const KnowledgeHit *) b;

	if (ranks_below(x, y))
		return 1;
	if (ranks_below(y, x))
		return -1;
	return 0;
}

Datum
search_knowledge(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Datum		project_id = PG_GETARG_DATUM(0);
	ArrayType  *query = PG_GETARG_ARRAYTYPE_P(1);
	int32		k = PG_GETARG_INT32(2);
	KnowledgeScan scan;
	int			i;

	if (k < 1 || k > MAX_K)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be between 1 and %d", MAX_K),
				 errdetail("It is %d.", k)));
	if (ARR_ELEMTYPE(query) != FLOAT4OID)
		elog(ERROR, "query embedding must be real[]");

	memset(&scan, 0, sizeof(scan));
	scan.query = check_query(query, &scan.query_norm);
	scan.k = k;
	scan.heap_cxt = AllocSetContextCreate(CurrentMemoryContext,
										  "search_knowledge heap",
										  ALLOCSET_SMALL_SIZES);
	scan.row_cxt = AllocSetContextCreate(scan.heap_cxt,
										 "search_knowledge row",
										 ALLOCSET_DEFAULT_SIZES);
	scan.hits = (KnowledgeHit *) MemoryContextAlloc(scan.heap_cxt,
													sizeof(KnowledgeHit) * k);
	scan.pub.receiveSlot = knowledge_receive;
	scan.pub.rStartup = knowledge_startup;
	scan.pub.rShutdown = knowledge_shutdown;
	scan.pub.rDestroy = knowledge_destroy;
	scan.pub.mydest = DestNone;

	scan_project_documents(project_id, &scan.pub);

	qsort(scan.hits, scan.nhits, sizeof(KnowledgeHit), hit_cmp);
	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; i < scan.nhits; i++)
	{
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = UUIDPGetDatum(&scan.hits[i].id);
		values[1] = PointerGetDatum(scan.hits[i].filename);
		values[2] = Float8GetDatum(scan.hits[i].similarity);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	MemoryContextDelete(scan.heap_cxt);
	return (Datum) 0;
}
