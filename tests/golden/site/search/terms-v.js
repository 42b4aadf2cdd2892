(window.RACEKB_SEARCH=window.RACEKB_SEARCH||{})["terms_v"]={"vice":[0],"victory":[0]};
