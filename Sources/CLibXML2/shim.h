#ifndef QA_CLIBXML2_SHIM_H
#define QA_CLIBXML2_SHIM_H
/* The only place the project includes libxml2. Measured on Debian 12: Debian builds libxml2 with ICU, whose
   headers clash with Foundation's copy; switching the ICU part off here keeps clean builds reliable. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlschemastypes.h>
#include <libxml/HTMLparser.h>

/* xmlFree is a function-like macro on Debian's build; Swift cannot call it directly. */
static inline void qa_xmlFree(void *p) { xmlFree(p); }
#endif
