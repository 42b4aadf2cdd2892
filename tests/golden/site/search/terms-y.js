(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_y"]={"year":[0]};
