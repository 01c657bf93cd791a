/*
 * What _walk.c and _article.c share. Mostly the part of lexbor they use, from the lexbor
 * that selectolax already loaded: the leading fields of lxb_dom_node_t (the ones
 * selectolax's own declarations use) and a handful of exported functions, resolved by
 * lexbor_init() from selectolax's module file. Each C module that includes this has its
 * own copy.
 */
#ifndef DECHAFF_LEXBOR_H
#define DECHAFF_LEXBOR_H

#include <Python.h>
#include <dlfcn.h>
#include <stdint.h>

typedef struct lxb_node {
    void *events;
    uintptr_t local_name;
    uintptr_t prefix;
    uintptr_t ns;
    void *owner_document;
    struct lxb_node *next;
    struct lxb_node *prev;
    struct lxb_node *parent;
    struct lxb_node *first_child;
    struct lxb_node *last_child;
    void *user;
    int type;
} lxb_node;

enum { NODE_ELEMENT = 1, NODE_TEXT = 3, NODE_COMMENT = 8, NODE_DOCTYPE = 10 };

/* A text node: the node, then its characters (lxb_dom_character_data_t, and lexbor_str_t,
 * as selectolax's lexbor.pxd declares them). Reading them in place saves the copy that
 * lxb_dom_node_text_content() allocates and frees for every text node. */
typedef struct {
    unsigned char *data;
    size_t length;
} lexbor_str;
typedef struct {
    lxb_node node;
    lexbor_str data;
} lxb_character_data;

/* The UTF-8 of a text node, in place, and its length ("" for none, as the copy gives). */
static inline const unsigned char *text_data(const lxb_node *node, size_t *len) {
    const lexbor_str *str = &((const lxb_character_data *)node)->data;
    *len = str->data != NULL ? str->length : 0;
    return str->data != NULL ? str->data : (const unsigned char *)"";
}

typedef const unsigned char *(*local_name_f)(void *, size_t *);
typedef void *(*first_attr_f)(void *);
typedef void *(*next_attr_f)(void *);
typedef const unsigned char *(*attr_str_f)(void *, size_t *);

static local_name_f element_local_name;
static first_attr_f first_attribute;
static next_attr_f next_attribute;
static attr_str_f attr_local_name;
static attr_str_f attr_value;

static int resolve(void *handle, const char *name, void **slot) {
    *slot = dlsym(handle, name);
    if (*slot == NULL) {
        PyErr_Format(PyExc_ImportError, "lexbor function %s not found", name);
        return -1;
    }
    return 0;
}

/* Resolve the functions above from the already loaded module at `path`; -1 with an
 * ImportError set when that fails. */
static int lexbor_init(const char *path) {
    void *handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD);
    if (handle == NULL) {
        PyErr_Format(PyExc_ImportError, "cannot open %s", path);
        return -1;
    }
    if (resolve(handle, "lxb_dom_element_local_name", (void **)&element_local_name) ||
        resolve(handle, "lxb_dom_element_first_attribute_noi", (void **)&first_attribute) ||
        resolve(handle, "lxb_dom_element_next_attribute_noi", (void **)&next_attribute) ||
        resolve(handle, "lxb_dom_attr_local_name_noi", (void **)&attr_local_name) ||
        resolve(handle, "lxb_dom_attr_value_noi", (void **)&attr_value))
        return -1;
    return 0;
}

#endif
