#ifndef KAARTENBAK_CLIBXML2_SHIM_H
#define KAARTENBAK_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU, and encoding.h then includes <unicode/ucnv.h>, whose
   UErrorCode clashes with the ICU copy inside swift-foundation in any Swift module that imports
   both. Kaartenbak never touches the ICU converter fields of xmlCharEncodingHandler (it converts
   to UTF-8 itself), so the ICU part of the headers is left out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/xmlreader.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/tree.h>

/* xmlFree is a global function pointer in libxml2; Swift 6 refuses to read mutable C globals,
   so it is wrapped here. */
static inline void kb_xml_free(void *pointer) {
    if (pointer != NULL) xmlFree(pointer);
}
#endif
