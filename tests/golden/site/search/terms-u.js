(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_u"]={"up":[0]};
